import { describe, expect, it } from 'vitest';
import { matrix } from '../../src/core/tensor.js';
import { fitHead, headIsComplete, headLogits, headProbabilities, scoringHead } from '../../src/model/scoring-head.js';

/** Seeded cosines in [-1, 1]. */
function cosines(n: number, seed = 7): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 30 - 1;
  });
}

describe('scoring heads', () => {
  it('fits scale and bias from logits that are an affine map of the cosines', () => {
    const c = cosines(6);
    const logits = c.map((v) => 117.33 * v - 12.93);
    const fit = fitHead(logits, c, 'model.onnx');
    expect(fit.scale).toBeCloseTo(117.33, 3);
    expect(fit.bias).toBeCloseTo(-12.93, 3);
  });

  it('refuses logits that are not such a map, and probe texts with equal cosines', () => {
    const c = cosines(6);
    expect(() => fitHead(c.map((v) => Math.exp(3 * v)), c, 'model.onnx')).toThrow(/model\.onnx: logits_per_image is not logit_scale x cosine \+ logit_bias/);
    expect(() => fitHead(new Float32Array([1, 1, 1]), new Float32Array([0.5, 0.5, 0.5]), 'model.onnx')).toThrow(/equal cosines/);
  });

  it('gives CLIP 100 without a scale, and SigLIP nothing: rankings only', () => {
    expect(scoringHead('clip', {})).toMatchObject({ kind: 'softmax', scale: 100 });
    const siglip = scoringHead('siglip', { source: 'none read from model.onnx: no logits' });
    expect(headIsComplete(siglip)).toBe(false);
    expect(() => headLogits(siglip, matrix(new Float32Array(2), 1, 2), 'dir')).toThrow(/^dir: logits need the model's logit_scale and logit_bias, which the export does not give \(none read from model\.onnx: no logits\)/);
    // A CLIP head drops a fitted bias (CLIP has none).
    expect(scoringHead('chinese_clip', { scale: 14.3, bias: 0.001 })).toMatchObject({ kind: 'softmax', scale: 14.3, bias: undefined });
  });

  it('softmax per row and sigmoid per entry agree with the naive formulas', () => {
    const c = matrix(cosines(12), 3, 4);
    const clip = scoringHead('clip', { scale: 50 });
    const p = headProbabilities(clip, headLogits(clip, c, 't'), 't');
    for (let r = 0; r < 3; r++) {
      const row = Array.from(c.data.subarray(r * 4, r * 4 + 4), (v) => Math.exp(50 * v));
      const sum = row.reduce((a, b) => a + b, 0);
      row.forEach((v, k) => expect(p.data[r * 4 + k]).toBeCloseTo(v / sum, 6));
    }
    const siglip = scoringHead('siglip', { scale: 10, bias: -10 });
    const q = headProbabilities(siglip, headLogits(siglip, c, 't'), 't');
    c.data.forEach((v, i) => expect(q.data[i]).toBeCloseTo(1 / (1 + Math.exp(-(10 * v - 10))), 6));
  });
});
