import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { mcnemar } from '../../src/metrics/mcnemar.js';

const ref = JSON.parse(readFileSync(new URL('./scipy-reference.json', import.meta.url), 'utf8'));

/** Correctness vectors with b samples only the first gets right, c only the second, plus some both/neither. */
function pairs(b: number, c: number): [Uint8Array, Uint8Array] {
  const n = b + c + 9;
  const first = new Uint8Array(n);
  const second = new Uint8Array(n);
  for (let i = 0; i < b; i++) first[i] = 1;
  for (let i = b; i < b + c; i++) second[i] = 1;
  for (let i = b + c; i < b + c + 5; i++) first[i] = second[i] = 1;
  return [first, second];
}

describe('McNemar', () => {
  it('exact and mid-p values match SciPy binomial tails', () => {
    for (const c of ref.mcnemar) {
      const r = mcnemar(...pairs(c.b, c.c));
      expect(r.onlyFirst).toBe(c.b);
      expect(r.onlySecond).toBe(c.c);
      expect(r.pExact).toBeCloseTo(c.exact, 10);
      expect(r.pMid).toBeCloseTo(c.mid, 10);
    }
  });
  it('is symmetric and refuses unpaired inputs', () => {
    const [a, b] = pairs(3, 12);
    expect(mcnemar(a, b).pExact).toBe(mcnemar(b, a).pExact);
    expect(() => mcnemar(new Uint8Array(3), new Uint8Array(4))).toThrow(/share samples/);
  });
});
