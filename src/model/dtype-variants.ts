import { ClipEvalError } from '../core/errors.js';

/**
 * File-name suffixes of the precision variants in the HF / transformers.js layout
 * (`onnx/vision_model_fp16.onnx`, `onnx/vision_model_quantized.onnx`, ...), keyed by --dtype.
 */
export const DTYPE_SUFFIXES = {
  fp32: [''],
  fp16: ['_fp16'],
  int8: ['_int8', '_quantized'],
  quantized: ['_quantized'],
  uint8: ['_uint8'],
  q4: ['_q4'],
  q4f16: ['_q4f16'],
  bnb4: ['_bnb4'],
} as const satisfies Record<string, readonly string[]>;

export type Dtype = keyof typeof DTYPE_SUFFIXES;

export function parseDtype(value: string): Dtype {
  if (!Object.hasOwn(DTYPE_SUFFIXES, value)) {
    throw new ClipEvalError('USAGE', `--dtype ${value} is not known (known: ${Object.keys(DTYPE_SUFFIXES).join(', ')})`);
  }
  return value as Dtype;
}

/** Candidate file names for a base name (`vision_model`) in the given precision, most specific first. */
export function variantFileNames(base: string, dtype: Dtype): string[] {
  return DTYPE_SUFFIXES[dtype].map((suffix) => `${base}${suffix}.onnx`);
}
