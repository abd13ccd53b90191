import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { matmulTransposed, normalizeRows } from '../../../src/core/linalg.js';
import { tensor } from '../../../src/core/tensor.js';
import { openModel } from '../../../src/model/clip-model.js';
import { resolveBundle } from '../../../src/model/detect.js';
import { headLogits, headProbabilities } from '../../../src/model/scoring-head.js';
import { LOCAL_FIXTURES, maxAbsDiff } from '../../helpers/shared.js';

/** The demo's second model (models/tiny-siglip) against the PyTorch values its export wrote (tools/train-tiny-clip/export_siglip.py). */
const MODEL = fileURLToPath(new URL('../../../models/tiny-siglip/', import.meta.url));
const GOLDEN = `${LOCAL_FIXTURES}tiny-siglip/golden.json`;
const present = existsSync(`${MODEL}onnx/model.onnx`) && existsSync(GOLDEN);

interface Golden {
  texts: string[];
  ids: number[][];
  text_pooler_output: number[][];
  image_pooler_output: number[][];
  logit_scale: number;
  logit_bias: number;
  logits_per_image: number[][];
}

/** Embeddings are rounded to 6 decimals in the fixture; ONNX Runtime and PyTorch differ by float rounding. */
const ATOL = 1e-4;
const SIDE = 48;

describe.skipIf(!present)('models/tiny-siglip', () => {
  const golden = (): Golden => JSON.parse(readFileSync(GOLDEN, 'utf8')) as Golden;

  it('opens as a SigLIP export: family, SentencePiece tokenizer, squash preprocessing, the head from the combined graph', async () => {
    const bundle = await resolveBundle(MODEL);
    expect(bundle).toMatchObject({ family: 'siglip', contextLength: golden().ids[0]!.length });
    expect(bundle.preprocess).toMatchObject({ resizeMode: 'squash', cropSize: SIDE, mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(bundle.head.fromGraph).toMatch(/onnx\/model\.onnx$/);
    const model = await openModel(bundle, { threads: 1, device: 'cpu' });
    try {
      expect(model.io.text.inputs.map((i) => i.name)).toEqual(['input_ids']);
      expect(model.io.vision.outputs.map((o) => o.name)).toEqual(['last_hidden_state', 'pooler_output']);
      expect([model.tokenizer.kind, model.tokenizer.padId, model.tokenizer.eosId]).toEqual(['siglip-spm', 1, 1]);
    } finally {
      await model.release();
    }
  });

  it('tokenizes like the training tool, embeds like PyTorch and scores with its trained scale and bias', async () => {
    const g = golden();
    const model = await openModel(await resolveBundle(MODEL), { threads: 1, device: 'cpu' });
    try {
      const { ids } = await model.tokenizer.tokenize(g.texts, { truncate: true });
      expect(Array.from(ids.data, Number)).toEqual(g.ids.flat());
      const text = await model.encodeTexts(g.texts);
      expect(maxAbsDiff(text.data, g.text_pooler_output.flat())).toBeLessThan(ATOL);
      const pixels = new Float32Array(2 * 3 * SIDE * SIDE).map((_, i) => Math.sin(i * 0.01));
      const image = (await model.encodeImages(tensor(pixels, [2, 3, SIDE, SIDE])))['pooler_output']!;
      expect(maxAbsDiff(image.data, g.image_pooler_output.flat())).toBeLessThan(ATOL);

      expect(model.head.kind).toBe('sigmoid');
      expect(model.head.scale).toBeCloseTo(g.logit_scale, 3);
      expect(model.head.bias).toBeCloseTo(g.logit_bias, 3);
      const logits = headLogits(model.head, matmulTransposed(normalizeRows(image), normalizeRows(text), 1), 'test');
      expect(maxAbsDiff(logits.data, g.logits_per_image.flat())).toBeLessThan(1e-3);
      const probs = headProbabilities(model.head, logits, 'test');
      expect(probs.data[1]).toBeCloseTo(1 / (1 + Math.exp(-g.logits_per_image[0]![1]!)), 5);
    } finally {
      await model.release();
    }
  });
});
