import { DEFAULTS } from '../../config/defaults.js';
/**
 * The CLIP paper's regularisation search (appendix A.3): L2 strengths on a log grid from 1e-6 to 1e6 at
 * 8 steps per decade (97 values), searched coarse to fine instead of exhaustively. Start with every 2 decades
 * (1e-6, 1e-4, ..., 1e6), then repeatedly halve the spacing and try both neighbours of the best value so far,
 * down to 1/8 decade: 7 + 2·4 = 15 fits instead of 97. Each fit warm-starts from the nearest fitted value.
 * The grid is in C = 1/λ (the same grid, reversed).
 */
export interface SweepGrid {
  readonly minLog10C: number;
  readonly maxLog10C: number;
  readonly stepsPerDecade: number;
  /** Spacing of the first pass, in grid steps. */
  readonly coarseSteps: number;
}

export const PAPER_GRID: SweepGrid = DEFAULTS.linearProbe.grid;

export interface SweepTrial<P> {
  readonly C: number;
  readonly score: number;
  readonly probe: P;
}

/**
 * `fit(C, warmStart)` fits at C (from the nearest fitted probe, if any) and returns the probe and its
 * validation score (higher is better). Ties go to the stronger regularisation. Returns the trials in the
 * order they were fitted and the best one.
 */
export async function searchC<P>(grid: SweepGrid, fit: (C: number, warmStart: P | undefined) => Promise<{ probe: P; score: number }>): Promise<{ trials: SweepTrial<P>[]; best: SweepTrial<P> }> {
  const last = Math.round((grid.maxLog10C - grid.minLog10C) * grid.stepsPerDecade);
  const valueAt = (index: number) => 10 ** (grid.minLog10C + index / grid.stepsPerDecade);
  const fitted = new Map<number, SweepTrial<P>>();
  const trials: SweepTrial<P>[] = [];

  const nearest = (index: number, prefer: number | undefined): SweepTrial<P> | undefined => {
    let best: number | undefined;
    for (const i of fitted.keys()) {
      const distance = Math.abs(i - index);
      const current = best === undefined ? Infinity : Math.abs(best - index);
      if (distance < current || (distance === current && i === prefer)) best = i;
    }
    return best === undefined ? undefined : fitted.get(best);
  };
  const tryIndex = async (index: number, prefer: number | undefined) => {
    if (index < 0 || index > last || fitted.has(index)) return;
    const C = valueAt(index);
    const { probe, score } = await fit(C, nearest(index, prefer)?.probe);
    const trial = { C, score, probe };
    fitted.set(index, trial);
    trials.push(trial);
  };
  const bestIndex = () => {
    let best = -1;
    for (const [i, t] of fitted) if (best < 0 || t.score > fitted.get(best)!.score || (t.score === fitted.get(best)!.score && i < best)) best = i;
    return best;
  };

  // Coarse pass in increasing C: each fit starts from the more regularised solution next to it.
  for (let i = 0; i <= last; i += grid.coarseSteps) await tryIndex(i, undefined);
  for (let step = grid.coarseSteps / 2; step >= 1; step /= 2) {
    const peak = bestIndex();
    await tryIndex(peak - step, peak);
    await tryIndex(peak + step, peak);
  }
  return { trials, best: fitted.get(bestIndex())! };
}

/** A user's list of C values, tried in increasing order with warm starts; ties go to the smaller C. */
export async function tryCs<P>(values: readonly number[], fit: (C: number, warmStart: P | undefined) => Promise<{ probe: P; score: number }>): Promise<{ trials: SweepTrial<P>[]; best: SweepTrial<P> }> {
  const trials: SweepTrial<P>[] = [];
  for (const C of [...new Set(values)].sort((a, b) => a - b)) {
    const { probe, score } = await fit(C, trials.at(-1)?.probe);
    trials.push({ C, score, probe });
  }
  const best = trials.reduce((a, b) => (b.score > a.score ? b : a));
  return { trials, best };
}
