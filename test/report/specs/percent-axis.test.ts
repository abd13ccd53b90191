import { describe, expect, it } from 'vitest';
import { percentAxis } from '../../../src/report/specs/percent-axis.js';

/** The d3 '.N%' format, as vega prints the ticks. */
const print = (v: number, format: string) => `${(v * 100).toFixed(Number(/^\.(\d+)%$/.exec(format)![1]))}%`;

describe('percent axis', () => {
  it('prints every tick of a small range differently (a 0-2.5% axis read "0% 0% 1% 1% 2% 2%" with .0%)', () => {
    const axis = percentAxis(0, 0.025);
    const labels = axis.values.map((v) => print(v, axis.format));
    expect(labels).toEqual(['0.0%', '0.5%', '1.0%', '1.5%', '2.0%', '2.5%']);
  });

  it.each([
    [0, 1],
    [0, 0.0325],
    [0, 0.006],
    [0.97, 0.99],
    [0.985, 0.9875],
    [0.1, 0.6],
    [0.031, 0.998],
  ])('over [%f, %f]: 2 to 7 distinct ticks inside the range, round multiples of a 1-2-5 step', (lo, hi) => {
    const { values, format } = percentAxis(lo, hi);
    const labels = values.map((v) => print(v, format));
    expect(new Set(labels).size).toBe(labels.length);
    expect(values.length).toBeGreaterThanOrEqual(2);
    expect(values.length).toBeLessThanOrEqual(7);
    for (const v of values) {
      expect(v).toBeGreaterThanOrEqual(lo - 1e-12);
      expect(v).toBeLessThanOrEqual(hi + 1e-12);
    }
    // No more decimals than the step needs: whole percents print without any.
    if (values.every((v) => Number.isInteger(Math.round(v * 1e6) / 1e4))) expect(format).toBe('.0%');
  });

  it('names a bad range', () => {
    expect(() => percentAxis(0.5, 0.5)).toThrow(/lo < hi/);
    expect(() => percentAxis(0, Number.NaN)).toThrow(/lo < hi/);
    expect(() => percentAxis(0, 1, 1)).toThrow(/maxTicks/);
  });
});
