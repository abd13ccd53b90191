import { describe, expect, it } from 'vitest';
import { drawShots, holdOut } from '../../../src/tasks/linear-probe/split.js';

// 3 classes with 10, 5 and 1 rows, interleaved.
const labels = Int32Array.from([...Array(10).fill(0), ...Array(5).fill(1), 2].map((l, i, a) => a[(i * 7) % a.length]!));
const count = (rows: Int32Array, c: number) => Array.from(rows).filter((i) => labels[i] === c).length;

describe('validation hold-out', () => {
  it('holds out round(fraction x count) rows of each class, keeps one train row per class, and is seeded', () => {
    const { train, validation } = holdOut(labels, 3, 0.2, 0);
    expect([0, 1, 2].map((c) => count(validation, c))).toEqual([2, 1, 0]);
    expect([0, 1, 2].map((c) => count(train, c))).toEqual([8, 4, 1]);
    expect(new Set([...train, ...validation]).size).toBe(labels.length);
    expect(Array.from(train)).toEqual(Array.from(train).sort((a, b) => a - b));
    expect(holdOut(labels, 3, 0.2, 0)).toEqual({ train, validation });
    expect(Array.from(holdOut(labels, 3, 0.2, 1).validation)).not.toEqual(Array.from(validation));
  });
});

describe('few-shot draws', () => {
  it('takes K rows per class from the pool (all of a smaller class), differently per seed', () => {
    const pool = holdOut(labels, 3, 0.2, 0).train;
    const shots = drawShots(labels, 3, pool, 3, 5);
    expect([0, 1, 2].map((c) => count(shots, c))).toEqual([3, 3, 1]);
    expect(Array.from(shots).every((i) => pool.includes(i))).toBe(true);
    expect(drawShots(labels, 3, pool, 3, 5)).toEqual(shots);
    expect(Array.from(drawShots(labels, 3, pool, 3, 6))).not.toEqual(Array.from(shots));
  });
});
