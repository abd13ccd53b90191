import type { Argv } from 'yargs';
import { DEFAULTS, type OutputCommand } from '../config/defaults.js';
import { checkNumericSettings } from '../config/runtime-config.js';

/** A yargs check of the bounded numeric flags (src/config/runtime-config.ts holds the bounds). */
export function checkNumbers(argv: object): true {
  // A flag given twice is an array here: the repeated-options check in main.ts reports it.
  checkNumericSettings(Object.fromEntries(Object.entries(argv).filter(([, v]) => !Array.isArray(v))));
  return true;
}

/**
 * The flag groups, each declared once and shared by every command that takes it (defaults from
 * src/config/defaults.ts). A command that can run without a model (linear-probe --features) asks for an
 * optional --model; the other flags are the same.
 */
export function withModel<T>(y: Argv<T>) {
  return withOptionalModel(y).demandOption('model');
}

/** The model flags where another input can replace --model. */
export function withOptionalModel<T>(y: Argv<T>) {
  return y
    .option('model', { type: 'string', describe: 'model folder (HF/transformers.js layout, combined model.onnx, or clip-eval.json manifest)' })
    .option('dtype', { type: 'string', default: DEFAULTS.dtype, describe: 'model file variant: fp32, fp16, int8, uint8, q4, q4f16, bnb4, quantized' })
    .option('device', { type: 'string', default: DEFAULTS.device, describe: 'execution provider: cpu, cuda, ...' })
    .option('threads', { type: 'number', default: DEFAULTS.threads, describe: 'onnxruntime intra-op threads (0 = one per core; at most 4 per core)' })
    .check(checkNumbers);
}

/** Which dataset: the adapter and its root. */
export function withDataset<T>(y: Argv<T>) {
  return withOptionalDataset(y).demandOption('data');
}

/** The dataset flags where another input can replace --data. */
export function withOptionalDataset<T>(y: Argv<T>) {
  return y
    .option('dataset', { type: 'string', default: DEFAULTS.dataset, describe: "dataset adapter (see 'clip-eval datasets')" })
    .option('data', { type: 'string', describe: 'dataset root on disk' });
}

/** Which samples of a split: one split, the first N, one shard. */
export function withSamples<T>(y: Argv<T>) {
  return y
    .option('split', { type: 'string', describe: "split (default: the adapter's own)" })
    .option('limit', { type: 'number', describe: 'only the first N samples (for quick checks)' })
    .check(checkNumbers)
    .option('shard', { type: 'string', describe: "I/N: process only shard I of N (0-based); 'auto': I and N from a Slurm job array or a Kubernetes Indexed Job (CLIP_EVAL_SHARD_COUNT)" });
}

/** Flags shared by the commands that compute image features. */
export function withCompute<T>(y: Argv<T>) {
  return y
    .option('batch-size', { type: 'number', default: DEFAULTS.batchSize, describe: `images per model call (1 to ${DEFAULTS.maxBatchSize})` })
    .option('decode-workers', { type: 'number', default: DEFAULTS.decodeWorkers, describe: 'preprocessing worker threads (0 = main thread; at most 2 per core)' })
    .option('exif-rotate', { type: 'boolean', default: false, describe: 'apply EXIF orientation (the reference does not)' })
    .option('max-pixels', { type: 'number', default: DEFAULTS.maxPixels, describe: "largest image decoded, width x height (default: Pillow's decompression-bomb limit); larger ones are counted failures" })
    .option('cache-dir', { type: 'string', describe: 'feature cache folder (default $CLIP_EVAL_CACHE or ~/.cache/clip-eval)' })
    .option('cache', { type: 'boolean', default: true, describe: 'read and write the feature cache (--no-cache: neither)' })
    .check(checkNumbers);
}

/** The output folder of a command, defaulting to its own folder under reports/. */
export function withOut<T>(y: Argv<T>, command: OutputCommand, what: string) {
  return y.option('out', { type: 'string', default: DEFAULTS.out[command], describe: `output folder (${what})` });
}
