/**
 * What the family-model tests share: the fixtures of tools/make-family-models.py (tiny plain-torch towers in
 * the public exports' layouts, goldens from PyTorch), their golden.json shapes, tolerances and helpers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { matmulTransposed, normalizeRows } from '../../src/core/linalg.js';
import type { Matrix } from '../../src/core/tensor.js';
import { preprocessImage } from '../../src/image/preprocess.js';
import { openModel, type ClipModel } from '../../src/model/clip-model.js';
import { resolveBundle } from '../../src/model/detect.js';
import { headLogits, headProbabilities } from '../../src/model/scoring-head.js';
import { runCli } from '../helpers/cli.js';
import { LOCAL_FIXTURES, maxAbsDiff } from '../helpers/shared.js';

export const FAMILY_MODELS = join(LOCAL_FIXTURES, 'models');
export const IMAGES = join(LOCAL_FIXTURES, 'image', 'images');
export const SESSION = { threads: 1, device: 'cpu' } as const;
/** onnxruntime against PyTorch on the same float32 weights. */
export const EMBED_ATOL = 1e-4;
/** Logits are 10-14x the cosines. */
export const LOGIT_ATOL = 1e-3;
/** Pixels are uint8 levels through (x / 255 - mean) / std in both: float rounding only. */
export const PIXEL_ATOL = 1e-6;

interface GoldenInputs {
  images: string[];
  texts: string[];
  ids: number[][];
  logit_scale: number;
  logits_per_image: number[][];
}

/** A SigLIP-layout fixture: the towers give pooler_output, the combined graph holds scale and bias. */
export interface SiglipGolden extends GoldenInputs {
  logit_bias: number;
  image_pooler_output: number[][];
  text_pooler_output: number[][];
}

/** A CLIP-style fixture whose text graph takes the attention mask (and whose output depends on it). */
export interface MaskedGolden extends GoldenInputs {
  attention_mask: number[][];
  image_embeds: number[][];
  text_embeds: number[][];
  /** The text tower in PyTorch with an all-ones mask: far from text_embeds when the mask matters. */
  text_embeds_unmasked: number[][];
}

export function readGolden<T extends GoldenInputs>(dir: string): T {
  return JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8')) as T;
}

export async function withModel<T>(dir: string, body: (model: ClipModel) => Promise<T>): Promise<T> {
  const model = await openModel(await resolveBundle(dir), SESSION);
  try {
    return await body(model);
  } finally {
    await model.release();
  }
}

/** The golden images through the model's own preprocessing, as one [N, 3, S, S] buffer. */
export async function pixelsOf(names: readonly string[], model: ClipModel): Promise<Float32Array> {
  const size = 3 * model.bundle.preprocess.cropSize ** 2;
  const pixels = new Float32Array(names.length * size);
  for (const [i, name] of names.entries()) pixels.set(await preprocessImage({ kind: 'file', path: join(IMAGES, name) }, model.bundle.preprocess), i * size);
  return pixels;
}

/** `clip-eval inspect --model dir` succeeds and prints each of `lines`. */
export async function expectInspect(dir: string, lines: readonly string[]): Promise<void> {
  const run = await runCli(['inspect', '--model', dir]);
  expect(run.code, run.stderr).toBe(0);
  for (const text of lines) expect(run.stdout).toContain(text);
}

/** `clip-eval tokenize --model dir texts...` prints exactly `ids`. */
export async function expectCliIds(dir: string, texts: readonly string[], ids: readonly (readonly number[])[]): Promise<void> {
  const run = await runCli(['tokenize', '--model', dir, ...texts]);
  expect(run.code, run.stderr).toBe(0);
  expect(JSON.parse(run.stdout)).toEqual(ids);
}

/**
 * The head read from the combined onnx/model.onnx is the trained one (exp(logit_scale) and logit_bias), its
 * logits of the embeddings are PyTorch's logits_per_image, and its probabilities are per-pair sigmoids.
 */
export function expectSigmoidHead(model: ClipModel, golden: SiglipGolden, image: Matrix, text: Matrix): void {
  expect(model.head.kind).toBe('sigmoid');
  expect(model.head.scale).toBeCloseTo(golden.logit_scale, 3);
  expect(model.head.bias).toBeCloseTo(golden.logit_bias, 3);
  const logits = headLogits(model.head, matmulTransposed(normalizeRows(image), normalizeRows(text), 1), 'test');
  expect(maxAbsDiff(logits.data, golden.logits_per_image.flat())).toBeLessThan(LOGIT_ATOL);
  const probs = headProbabilities(model.head, logits, 'test');
  expect(probs.data[1]).toBeCloseTo(1 / (1 + Math.exp(-golden.logits_per_image[0]![1]!)), 5);
}
