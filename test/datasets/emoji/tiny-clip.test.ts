import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tensor } from '../../../src/core/tensor.js';
import { openModel } from '../../../src/model/clip-model.js';
import { resolveBundle } from '../../../src/model/detect.js';
import { LOCAL_FIXTURES, maxAbsDiff } from '../../helpers/shared.js';

/** The embedded model (models/tiny-clip) against the PyTorch values its export wrote (tools/train-tiny-clip/export.py). */
const MODEL = fileURLToPath(new URL('../../../models/tiny-clip/', import.meta.url));
const GOLDEN = `${LOCAL_FIXTURES}tiny-clip/golden.json`;
const present = existsSync(`${MODEL}onnx/vision_model.onnx`) && existsSync(GOLDEN);

interface Golden {
  texts: string[];
  ids: number[][];
  text_embeds: number[][];
  image_embeds: number[][];
  pooler_output: number[][];
}

/** Embeddings are rounded to 6 decimals in the fixture; ONNX Runtime and PyTorch differ by float rounding. */
const ATOL = 1e-4;

describe.skipIf(!present)('models/tiny-clip', () => {
  const golden = (): Golden => JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;

  it('opens as an HF-layout bundle with its own context length and image size', async () => {
    const bundle = await resolveBundle(MODEL);
    const g = golden();
    expect(bundle.contextLength).toBe(g.ids[0]!.length);
    expect(bundle.preprocess.cropSize).toBe(48);
    const model = await openModel(bundle, { threads: 1, device: 'cpu' });
    try {
      expect(model.io.vision.inputs.map((i) => [i.name, i.type, i.shape.length])).toEqual([['pixel_values', 'float32', 4]]);
      expect(model.io.vision.outputs.map((o) => o.name)).toEqual(['image_embeds', 'pooler_output']);
      expect(model.io.text.inputs.map((i) => [i.name, i.type])).toEqual([['input_ids', 'int64'], ['attention_mask', 'int64']]);
      expect(model.io.text.outputs.map((o) => o.name)).toEqual(['text_embeds']);
      expect(model.embeddingWidth).toBe(g.text_embeds[0]!.length);
    } finally {
      await model.release();
    }
  });

  it('tokenizes like the training tool and embeds like PyTorch', async () => {
    const g = golden();
    const model = await openModel(await resolveBundle(MODEL), { threads: 1, device: 'cpu' });
    try {
      expect(model.tokenizer.contextLength).toBe(g.ids[0]!.length);
      const { ids } = await model.tokenizer.tokenize(g.texts, { truncate: true });
      expect(Array.from(ids.data, Number)).toEqual(g.ids.flat());
      const text = await model.encodeTexts(g.texts);
      expect([text.rows, text.cols]).toEqual([g.texts.length, g.text_embeds[0]!.length]);
      expect(maxAbsDiff(text.data, g.text_embeds.flat())).toBeLessThan(ATOL);
      const side = 48;
      const pixels = new Float32Array(2 * 3 * side * side).map((_, i) => Math.sin(i * 0.01));
      const out = await model.encodeImages(tensor(pixels, [2, 3, side, side]), ['image_embeds', 'pooler_output']);
      expect([out['image_embeds']!.rows, out['pooler_output']!.cols]).toEqual([2, g.pooler_output[0]!.length]);
      expect(maxAbsDiff(out['image_embeds']!.data, g.image_embeds.flat())).toBeLessThan(ATOL);
      expect(maxAbsDiff(out['pooler_output']!.data, g.pooler_output.flat())).toBeLessThan(ATOL);
    } finally {
      await model.release();
    }
  });
});
