import { describe, expect, it } from 'vitest';
import { PAPER_GRID, searchC, tryCs, type SweepFit } from '../../../src/tasks/linear-probe/sweep.js';

interface Call {
  readonly C: number;
  /** The neighbours' C values, as given. */
  readonly from: number[];
}

/** A fake fit whose validation score peaks at log10 C = peak; the "probe" is the C it was fitted at. */
function fakeFit(peak: number, calls: Call[]): SweepFit<number> {
  return async (C, neighbours) => {
    calls.push({ C, from: neighbours.map((t) => t.probe) });
    return { probe: C, score: -Math.abs(Math.log10(C) - peak) };
  };
}
const log10 = (C: number) => Math.round(Math.log10(C) * 8) / 8;

describe("the paper's C sweep", () => {
  it('tries every 2 decades, then halves the spacing around the peak down to 1/8 decade: 15 fits', async () => {
    const calls: Call[] = [];
    const { trials, best } = await searchC(PAPER_GRID, fakeFit(0.9, calls));
    expect(trials).toHaveLength(15);
    expect(calls.slice(0, 7).map((c) => log10(c.C))).toEqual([-6, -4, -2, 0, 2, 4, 6]);
    expect(log10(best.C)).toBe(0.875);
    expect(new Set(calls.map((c) => c.C)).size).toBe(15);
  });

  it('starts the coarse pass from the two smaller Cs before it and each refinement from its nearest fitted neighbour on each side', async () => {
    const calls: Call[] = [];
    await searchC(PAPER_GRID, fakeFit(-3.3, calls));
    expect(calls[0]!.from).toEqual([]);
    expect(calls[1]!.from).toEqual([calls[0]!.C]);
    calls.slice(2, 7).forEach((c, i) => expect(c.from).toEqual([calls[i + 1]!.C, calls[i]!.C]));
    for (const [i, c] of calls.slice(7).entries()) {
      const before = calls.slice(0, 7 + i).map((o) => o.C);
      const below = Math.max(...before.filter((x) => x < c.C));
      const above = Math.min(...before.filter((x) => x > c.C));
      expect([...c.from].sort((a, b) => a - b)).toEqual([below, above]);
      expect(Math.abs(log10(c.from[0]!) - log10(c.C))).toBeLessThanOrEqual(Math.abs(log10(c.from[1]!) - log10(c.C)));
    }
  });

  it('stays inside the grid when the peak is at an end, and breaks ties toward the smaller C', async () => {
    const calls: Call[] = [];
    const { best } = await searchC(PAPER_GRID, fakeFit(9, calls));
    expect(log10(best.C)).toBe(6);
    expect(calls.every((c) => c.C <= 1e6 * 1.0001)).toBe(true);
    const flat = await searchC(PAPER_GRID, async (C) => ({ probe: C, score: 0.5 }));
    expect(flat.best.C).toBeCloseTo(1e-6, 12);
  });

  it('a given list is fitted in increasing order with warm starts and the best kept', async () => {
    const calls: Call[] = [];
    const { trials, best } = await tryCs([10, 0.1, 1, 1], fakeFit(0.2, calls));
    expect(trials.map((t) => t.C)).toEqual([0.1, 1, 10]);
    expect(calls.map((c) => c.from)).toEqual([[], [0.1], [1, 0.1]]);
    expect(best.C).toBe(1);
  });
});
