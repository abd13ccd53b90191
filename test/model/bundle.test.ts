import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tensor } from '../../src/core/tensor.js';
import { openModel } from '../../src/model/clip-model.js';
import { resolveBundle } from '../../src/model/detect.js';
import { hasShared, LOCAL_FIXTURES, maxAbsDiff, TINY_CLIP } from '../helpers/shared.js';

const MODELS = join(LOCAL_FIXTURES, 'models');
const SESSION = { threads: 1, device: 'cpu' } as const;
const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function pixels(size: number, seed = 1): ReturnType<typeof tensor<Float32Array>> {
  const data = new Float32Array(2 * 3 * size * size);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    data[i] = s / 2 ** 30 - 1;
  }
  return tensor(data, [2, 3, size, size]);
}

describe('model folder detection', () => {
  it.skipIf(!hasShared)('reads the HF layout of tiny-random-clip with its configs', async () => {
    const bundle = await resolveBundle(TINY_CLIP);
    expect(bundle.layout).toBe('hf');
    expect(bundle.vision.file).toMatch(/onnx\/vision_model\.onnx$/);
    expect(bundle.tokenizer).toMatchObject({ kind: 'clip-bpe', files: { kind: 'vocab-merges' } });
    expect(bundle.family).toBe('clip');
    expect(bundle.contextLength).toBe(77);
    expect(bundle.preprocess).toMatchObject({ cropSize: 224, resizeSize: 224, interpolation: 'bicubic', resizeMode: 'shortest' });
    expect(bundle.preprocess.mean[0]).toBeCloseTo(0.48145466, 8);
  });

  it('reads a combined model.onnx and runs each tower alone', async () => {
    const combined = await openModel(await resolveBundle(join(MODELS, 'combined')), SESSION);
    const separate = await openModel(await resolveBundle(join(MODELS, 'hf-fp16')), SESSION);
    try {
      expect(combined.bundle.layout).toBe('combined');
      expect(combined.bundle.contextLength).toBe(16);
      expect(combined.embeddingWidth).toBe(16);
      const px = pixels(32);
      const a = (await combined.encodeImages(px)).image_embeds!;
      const b = (await separate.encodeImages(px)).image_embeds!;
      expect(a.rows).toBe(2);
      expect(maxAbsDiff(a.data, b.data)).toBeLessThan(1e-5);
      const ta = await combined.encodeTexts(['a cat', 'dog']);
      const tb = await separate.encodeTexts(['a cat', 'dog']);
      expect(maxAbsDiff(ta.data, tb.data)).toBeLessThan(1e-5);
    } finally {
      await combined.release();
      await separate.release();
    }
  });

  it('picks the fp16 variant with --dtype fp16 and converts its float16 IO', async () => {
    const fp32 = await openModel(await resolveBundle(join(MODELS, 'hf-fp16')), SESSION);
    const fp16 = await openModel(await resolveBundle(join(MODELS, 'hf-fp16'), { dtype: 'fp16' }), SESSION);
    try {
      expect(fp16.bundle.vision.file).toMatch(/vision_model_fp16\.onnx$/);
      expect(fp16.io.vision.inputs[0]!.type).toBe('float16');
      const px = pixels(32, 7);
      const a = (await fp32.encodeImages(px)).image_embeds!;
      const b = (await fp16.encodeImages(px)).image_embeds!;
      expect(maxAbsDiff(a.data, b.data)).toBeLessThan(2e-2);
      expect(maxAbsDiff(a.data, b.data)).toBeGreaterThan(0);
    } finally {
      await fp32.release();
      await fp16.release();
    }
  });

  it('reads a clip-eval.json manifest with other IO names, int32 ids and its own preprocessing', async () => {
    const bundle = await resolveBundle(join(MODELS, 'manifest'));
    expect(bundle.layout).toBe('manifest');
    expect(bundle.preprocess).toMatchObject({ cropSize: 32, resizeMode: 'squash', interpolation: 'bilinear', mean: [0.5, 0.5, 0.5] });
    const manifest = await openModel(bundle, SESSION);
    const reference = await openModel(await resolveBundle(join(MODELS, 'hf-fp16')), SESSION);
    try {
      const px = pixels(32, 3);
      expect(maxAbsDiff((await manifest.encodeImages(px)).image_features!.data, (await reference.encodeImages(px)).image_embeds!.data)).toBeLessThan(1e-5);
      expect(maxAbsDiff((await manifest.encodeTexts(['cat'])).data, (await reference.encodeTexts(['cat'])).data)).toBeLessThan(1e-5);
    } finally {
      await manifest.release();
      await reference.release();
    }
  });

  it('refuses towers of different embedding widths, naming both', async () => {
    await expect(resolveBundle(join(MODELS, 'width-mismatch')).then((b) => openModel(b, SESSION))).rejects.toThrow(/image embeddings are 16-d .* text embeddings are 12-d/);
  });

  it('refuses a graph whose input names do not fit, naming what it found', async () => {
    await expect(resolveBundle(join(MODELS, 'wrong-io')).then((b) => openModel(b, SESSION))).rejects.toThrow(/expected image input 'pixel_values', found image: float32 \[batch, 3, 32, 32\]/);
  });

  it('names what it expected and found in a folder with no model', async () => {
    const dir = join(tmp, 'empty');
    mkdirSync(join(dir, 'onnx'), { recursive: true });
    writeFileSync(join(dir, 'onnx', 'something.onnx'), '');
    await expect(resolveBundle(dir)).rejects.toThrow(/no CLIP model found .*expected clip-eval\.json, or onnx\/vision_model\.onnx.*found onnx\/something\.onnx/);
    await expect(resolveBundle(join(tmp, 'missing'))).rejects.toThrow(/model folder .*missing not found/);
  });

  it('reports a missing variant for --dtype and an unknown dtype', async () => {
    await expect(resolveBundle(join(MODELS, 'combined'), { dtype: 'q4' })).rejects.toThrow(/for --dtype q4 .*model_q4\.onnx/);
    await expect(resolveBundle(join(MODELS, 'combined'), { dtype: 'fp8' })).rejects.toThrow(/--dtype fp8 is not known/);
  });

  it('refuses a manifest that names a missing file or lacks a field', async () => {
    const dir = join(tmp, 'manifest-bad');
    cpSync(join(MODELS, 'manifest'), dir, { recursive: true });
    writeFileSync(join(dir, 'clip-eval.json'), JSON.stringify({ vision: { file: 'nope.onnx' }, text: { file: 'textual.onnx' }, tokenizer: { vocab: 'vocab.json', merges: 'merges.txt' } }));
    await expect(resolveBundle(dir)).rejects.toThrow(/names .*nope\.onnx, which does not exist/);
    writeFileSync(join(dir, 'clip-eval.json'), JSON.stringify({ vision: { file: 'visual.onnx' }, tokenizer: {} }));
    await expect(resolveBundle(dir)).rejects.toThrow(/field 'text' must be an object/);
  });
});
