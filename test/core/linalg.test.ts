import { describe, expect, it } from 'vitest';
import { matmulTransposed, normalizeRows, topK } from '../../src/core/linalg.js';

function seeded(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32);
}

describe('linalg against naive versions', () => {
  it('topK equals a full sort (stable for ties) on random data', () => {
    const rand = seeded(42);
    for (let trial = 0; trial < 200; trial++) {
      const values = Array.from({ length: 1 + Math.floor(rand() * 50) }, () => Math.round(rand() * 20) / 4);
      const k = 1 + Math.floor(rand() * 8);
      const naive = values.map((v, i) => ({ v, i })).sort((a, b) => b.v - a.v || a.i - b.i).slice(0, k).map((x) => x.i);
      expect(topK(values, k)).toEqual(naive);
    }
  });

  it('matmulTransposed and normalizeRows agree with direct sums', () => {
    const rand = seeded(7);
    const a = { rows: 5, cols: 6, data: Float32Array.from({ length: 30 }, () => rand() - 0.5) };
    const b = { rows: 3, cols: 6, data: Float32Array.from({ length: 18 }, () => rand() - 0.5) };
    const out = matmulTransposed(a, b, 2);
    for (let i = 0; i < 5; i++) for (let k = 0; k < 3; k++) {
      let s = 0;
      for (let j = 0; j < 6; j++) s += a.data[i * 6 + j]! * b.data[k * 6 + j]!;
      expect(out.data[i * 3 + k]).toBeCloseTo(2 * s, 5);
    }
    const n = normalizeRows(a);
    for (let i = 0; i < 5; i++) expect(Math.hypot(...n.data.subarray(i * 6, i * 6 + 6))).toBeCloseTo(1, 6);
    expect(Array.from(normalizeRows({ rows: 1, cols: 2, data: new Float32Array(2) }).data)).toEqual([0, 0]);
  });
});
