import { describe, expect, it } from 'vitest';
import { normalizeRows } from '../../src/core/linalg.js';
import { matrix } from '../../src/core/tensor.js';
import { buildClassifier } from '../../src/prompts/ensemble.js';
import { checkTemplates, renderSynonymPrompts } from '../../src/prompts/render.js';

const prompts = matrix(Float32Array.from([3, 0, 0, 1, 1, 1, 0, 2, 0, 5, 0, 0, 0, 0, 1]), 5, 3);

describe('prompt ensembling', () => {
  it('averages normalised prompt embeddings per class (variable counts for classes with several names)', () => {
    const w = buildClassifier(prompts, [2, 3], 'mean-of-normalized');
    const unit = normalizeRows(prompts).data;
    const expected0 = [0, 1, 2].map((j) => (unit[j]! + unit[3 + j]!) / 2);
    const expected1 = [0, 1, 2].map((j) => (unit[6 + j]! + unit[9 + j]! + unit[12 + j]!) / 3);
    const n = (v: number[]) => v.map((x) => x / Math.hypot(...v));
    expect(Array.from(w.data.subarray(0, 3)).map((x) => +x.toFixed(6))).toEqual(n(expected0).map((x) => +x.toFixed(6)));
    expect(Array.from(w.data.subarray(3, 6)).map((x) => +x.toFixed(6))).toEqual(n(expected1).map((x) => +x.toFixed(6)));
  });

  it('mean-of-raw lets long embeddings dominate, unlike the default', () => {
    const raw = buildClassifier(matrix(Float32Array.from([10, 0, 0, 1]), 2, 2), 2, 'mean-of-raw');
    const normalized = buildClassifier(matrix(Float32Array.from([10, 0, 0, 1]), 2, 2), 2, 'mean-of-normalized');
    expect(raw.data[0]!).toBeGreaterThan(0.99);
    expect(normalized.data[0]!).toBeCloseTo(Math.SQRT1_2, 6);
  });

  it('refuses counts that do not add up', () => {
    expect(() => buildClassifier(prompts, 2, 'mean-of-normalized')).toThrow(/cannot be split/);
    expect(() => buildClassifier(prompts, [2, 2], 'mean-of-normalized')).toThrow(/cannot be split/);
  });

  it('renders every template for every name, class-major', () => {
    expect(renderSynonymPrompts(['a {}.', 'the {}!'], [['happy', 'smiling'], ['sad']])).toEqual({
      prompts: ['a happy.', 'the happy!', 'a smiling.', 'the smiling!', 'a sad.', 'the sad!'],
      counts: [4, 2],
    });
    expect(() => checkTemplates(['a {} and {}'], 'x')).toThrow(/has 2 '\{\}' placeholders/);
  });
});
