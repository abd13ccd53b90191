import { DEFAULTS } from '../../config/defaults.js';
/**
 * The CLIP paper's regularisation search (appendix A.3): L2 strengths on a log grid from 1e-6 to 1e6 at
 * 8 steps per decade (97 values), searched coarse to fine instead of exhaustively. Start with every 2 decades
 * (1e-6, 1e-4, ..., 1e6), then repeatedly halve the spacing and try both neighbours of the best value so far,
 * down to 1/8 decade: 7 + 2·4 = 15 fits instead of 97. Each fit warm-starts from its fitted neighbours (see
 * `neighbours`).
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
 * Fits at C, starting from `neighbours` (fitted trials, nearest first: the nearest on each side of C when
 * there are both, else up to two on the one side; empty for the first fit), and returns the probe and its
 * validation score (higher is better).
 */
export type SweepFit<P> = (C: number, neighbours: readonly SweepTrial<P>[]) => Promise<{ probe: P; score: number }>;

/** The fitted trials to start a fit at C from, as SweepFit describes them. */
export function neighbours<P>(fitted: readonly SweepTrial<P>[], C: number): SweepTrial<P>[] {
  const byDistance = (a: SweepTrial<P>, b: SweepTrial<P>) => Math.abs(Math.log(a.C / C)) - Math.abs(Math.log(b.C / C));
  const below = fitted.filter((t) => t.C < C).sort(byDistance);
  const above = fitted.filter((t) => t.C > C).sort(byDistance);
  if (below[0] && above[0]) return [below[0], above[0]].sort(byDistance);
  return (below.length > 0 ? below : above).slice(0, 2);
}

/**
 * The paper's search with `fit` (see SweepFit). Ties go to the stronger regularisation. Returns the trials in
 * the order they were fitted and the best one.
 */
export async function searchC<P>(grid: SweepGrid, fit: SweepFit<P>): Promise<{ trials: SweepTrial<P>[]; best: SweepTrial<P> }> {
  const last = Math.round((grid.maxLog10C - grid.minLog10C) * grid.stepsPerDecade);
  const valueAt = (index: number) => 10 ** (grid.minLog10C + index / grid.stepsPerDecade);
  const fitted = new Map<number, SweepTrial<P>>();
  const trials: SweepTrial<P>[] = [];

  const tryIndex = async (index: number) => {
    if (index < 0 || index > last || fitted.has(index)) return;
    const C = valueAt(index);
    const { probe, score } = await fit(C, neighbours(trials, C));
    const trial = { C, score, probe };
    fitted.set(index, trial);
    trials.push(trial);
  };
  const bestIndex = () => {
    let best = -1;
    for (const [i, t] of fitted) if (best < 0 || t.score > fitted.get(best)!.score || (t.score === fitted.get(best)!.score && i < best)) best = i;
    return best;
  };

  // Coarse pass in increasing C: each fit starts from the more regularised solutions below it.
  for (let i = 0; i <= last; i += grid.coarseSteps) await tryIndex(i);
  for (let step = grid.coarseSteps / 2; step >= 1; step /= 2) {
    const peak = bestIndex();
    await tryIndex(peak - step);
    await tryIndex(peak + step);
  }
  return { trials, best: fitted.get(bestIndex())! };
}

/** A user's list of C values, tried in increasing order, each from the fits below it; ties go to the smaller C. */
export async function tryCs<P>(values: readonly number[], fit: SweepFit<P>): Promise<{ trials: SweepTrial<P>[]; best: SweepTrial<P> }> {
  const trials: SweepTrial<P>[] = [];
  for (const C of [...new Set(values)].sort((a, b) => a - b)) {
    const { probe, score } = await fit(C, neighbours(trials, C));
    trials.push({ C, score, probe });
  }
  const best = trials.reduce((a, b) => (b.score > a.score ? b : a));
  return { trials, best };
}
