import { ClipEvalError } from '../core/errors.js';
import type { ModelBundle } from './bundle.js';
import type { Session, ValueInfo } from './onnx-session.js';

function shapeText(v: ValueInfo): string {
  return `${v.name}: ${v.type} [${v.shape.join(', ')}]`;
}

function find(list: readonly ValueInfo[], name: string, role: string, file: string): ValueInfo {
  const value = list.find((v) => v.name === name);
  if (!value) {
    throw new ClipEvalError('MODEL', `${file}: expected ${role} '${name}', found ${list.map(shapeText).join('; ') || 'none'} (name the right one in a clip-eval.json manifest)`);
  }
  return value;
}

function expectType(value: ValueInfo, types: readonly string[], file: string): void {
  if (!types.includes(value.type)) {
    throw new ClipEvalError('MODEL', `${file}: '${value.name}' has element type ${value.type}, expected ${types.join(' or ')}`);
  }
}

function expectDim(value: ValueInfo, axis: number, expected: number, what: string, file: string): void {
  const dim = value.shape[axis];
  if (typeof dim === 'number' && dim !== expected) {
    throw new ClipEvalError('MODEL', `${file}: '${value.name}' has ${what} ${dim} on axis ${axis}, but the model's config says ${expected} (${shapeText(value)})`);
  }
}

/** The static width of an embedding output, or undefined when the graph leaves it symbolic. */
export function staticWidth(value: ValueInfo): number | undefined {
  const last = value.shape[value.shape.length - 1];
  return typeof last === 'number' ? last : undefined;
}

/** Checks input and output names, dtypes and static dims of both towers against the bundle. */
export function validateTowers(bundle: ModelBundle, vision: Session, text: Session): void {
  validateVision(bundle, vision);
  validateText(bundle, text);
}

/** The image tower's part of validateTowers (checked when the model opens). */
export function validateVision(bundle: ModelBundle, vision: Session): void {
  const vIn = find(vision.inputs, bundle.vision.input, 'image input', vision.path);
  expectType(vIn, ['float32', 'float16'], vision.path);
  if (vIn.shape.length !== 4) throw new ClipEvalError('MODEL', `${vision.path}: image input must be [batch, 3, H, W], found ${shapeText(vIn)}`);
  expectDim(vIn, 1, 3, 'channel count', vision.path);
  expectDim(vIn, 2, bundle.preprocess.cropSize, 'image height', vision.path);
  expectDim(vIn, 3, bundle.preprocess.cropSize, 'image width', vision.path);
  expectType(find(vision.outputs, bundle.vision.output, 'image output', vision.path), ['float32', 'float16'], vision.path);
}

/** The text tower's part of validateTowers (checked when the text tower opens). */
export function validateText(bundle: ModelBundle, text: Session): void {
  const tIn = find(text.inputs, bundle.text.input, 'token-id input', text.path);
  expectType(tIn, ['int64', 'int32'], text.path);
  if (tIn.shape.length !== 2) throw new ClipEvalError('MODEL', `${text.path}: token input must be [batch, context], found ${shapeText(tIn)}`);
  expectDim(tIn, 1, bundle.contextLength, 'context length', text.path);
  if (bundle.text.attentionMask !== undefined && text.inputs.some((i) => i.name === bundle.text.attentionMask)) {
    expectType(find(text.inputs, bundle.text.attentionMask, 'attention-mask input', text.path), ['int64', 'int32'], text.path);
  }
  // An input left unfed gets a zero tensor (a combined graph's other tower); a zero attention mask would make
  // a mean-pooling tower (XLM-R) divide by zero, so a mask the graph takes must be named.
  const unfedMask = text.inputs.find((i) => /mask/i.test(i.name) && i.name !== bundle.text.attentionMask && i.name !== bundle.text.input);
  if (unfedMask) {
    throw new ClipEvalError(
      'MODEL',
      `${text.path}: the text graph takes '${unfedMask.name}', but ${bundle.text.attentionMask === undefined ? 'no attention mask is fed' : `the mask fed is '${bundle.text.attentionMask}'`}; expected "attention_mask": "${unfedMask.name}" in the clip-eval.json manifest's text section`,
    );
  }
  expectType(find(text.outputs, bundle.text.output, 'text output', text.path), ['float32', 'float16'], text.path);
}

/** Both towers must embed into the same space. */
export function checkSameWidth(imageWidth: number, textWidth: number, bundle: ModelBundle): void {
  if (imageWidth !== textWidth) {
    throw new ClipEvalError('MODEL', `${bundle.dir}: image embeddings are ${imageWidth}-d ('${bundle.vision.output}') but text embeddings are ${textWidth}-d ('${bundle.text.output}'); both towers must share one embedding width`);
  }
}
