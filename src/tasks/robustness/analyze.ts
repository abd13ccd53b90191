import { DEFAULTS } from '../../config/defaults.js';
import { clopperPearson, type Interval } from '../../metrics/binomial.js';
import { bootstrapLinearFit, linearFit, logit, predictOnLogitAxes, type LinearFit } from '../../metrics/logit-fit.js';
import { panelXDomain } from '../../metrics/logit-domain.js';
import type { Accuracy, AccuracyTable } from './accuracy-table.js';

/** A distribution shift: shifted accuracy (column y) against in-distribution accuracy (column x). */
export interface ShiftPair {
  readonly name: string;
  readonly label: string;
  readonly x: string;
  readonly y: string;
}

export interface RobustnessOptions {
  readonly shifts: readonly ShiftPair[];
  /** The x column of the average-over-shifts panel; null: each model's mean of the shifts' x. */
  readonly inDistribution: string | null;
  readonly baselines: ReadonlySet<string>;
  readonly evaluated: ReadonlySet<string>;
  /** Bootstrap resamples for the trend's band (default 1000, as imagenet-testbed). */
  readonly resamples?: number;
  readonly seed?: number;
  /** Level of the trend's band and coefficient intervals (default 0.95). */
  readonly confidence?: number;
  /** Per-point Clopper-Pearson intervals at 1 - alpha (default 0.005: imagenet-testbed's 99.5%). */
  readonly intervalAlpha?: number;
}


export type ModelRole = 'baseline' | 'evaluated';

export interface RobustnessPointResult {
  readonly model: string;
  readonly role: ModelRole;
  readonly x: Accuracy;
  readonly y: Accuracy;
  readonly xInterval?: Interval;
  readonly yInterval?: Interval;
  /** The trend's shifted accuracy at this model's x; null without a trend. */
  readonly predicted: number | null;
  /** y minus the prediction, a fraction (positive: more robust than the trend). */
  readonly effectiveRobustness: number | null;
}

export interface ShiftResult {
  readonly shift: ShiftPair;
  /** Least squares of logit(y) on logit(x) over the baselines; null with too few usable baselines. */
  readonly fit: LinearFit | null;
  readonly slopeInterval: Interval | null;
  readonly interceptInterval: Interval | null;
  /** The bootstrap band of the trend over a grid of logit(x), in logits. */
  readonly band: readonly { readonly x: number; readonly lower: number; readonly upper: number }[];
  readonly points: readonly RobustnessPointResult[];
  /** Why the fit is missing or what was left out of it; null when there is nothing to say. */
  readonly note: string | null;
}

/** The name of the average-over-shifts pseudo shift. */
export const AVERAGE_SHIFT = 'average';

function interval(a: Accuracy, alpha: number): Interval | undefined {
  if (a.n === undefined || a.n <= 0) return undefined;
  return clopperPearson(Math.min(a.n, Math.max(0, Math.round(a.value * a.n))), a.n, alpha);
}

/** Each model's (x, y) for a shift, or for the average: y the mean over shifts, x the in-distribution column. */
function pairsFor(table: AccuracyTable, shift: ShiftPair | 'average', options: RobustnessOptions): { model: string; x: Accuracy; y: Accuracy }[] {
  const out: { model: string; x: Accuracy; y: Accuracy }[] = [];
  for (const m of table.values()) {
    if (shift !== 'average') {
      const x = m.accuracies.get(shift.x);
      const y = m.accuracies.get(shift.y);
      if (x && y) out.push({ model: m.name, x, y });
      continue;
    }
    const ys = options.shifts.map((s) => m.accuracies.get(s.y));
    const xs = options.shifts.map((s) => m.accuracies.get(s.x));
    if (ys.some((a) => a === undefined)) continue;
    const mean = (as: (Accuracy | undefined)[]) => as.reduce((s, a) => s + a!.value, 0) / as.length;
    const x = options.inDistribution !== null ? m.accuracies.get(options.inDistribution) : xs.every(Boolean) ? { value: mean(xs) } : undefined;
    if (x) out.push({ model: m.name, x, y: { value: mean(ys) } });
  }
  return out;
}

function analyzeShift(table: AccuracyTable, shift: ShiftPair, pairs: { model: string; x: Accuracy; y: Accuracy }[], options: RobustnessOptions): ShiftResult {
  const alpha = options.intervalAlpha ?? DEFAULTS.robustness.intervalAlpha;
  const inPlot = pairs.filter((p) => options.baselines.has(p.model) || options.evaluated.has(p.model));
  const baselines = inPlot.filter((p) => options.baselines.has(p.model));
  // Accuracies of exactly 0 or 1 have no logit; the testbed's figures have none in their fits either.
  const usable = baselines.filter((p) => p.x.value > 0 && p.x.value < 1 && p.y.value > 0 && p.y.value < 1);
  const notes: string[] = [];
  if (usable.length < baselines.length) notes.push(`${baselines.length - usable.length} baseline(s) at 0% or 100% left out of the fit`);
  const withIntervals = inPlot.map((p) => ({ ...p, xInterval: interval(p.x, alpha), yInterval: interval(p.y, alpha) }));
  let fit: LinearFit | null = null;
  let slopeInterval: Interval | null = null;
  let interceptInterval: Interval | null = null;
  let band: ShiftResult['band'] = [];
  const distinctX = new Set(usable.map((p) => p.x.value)).size;
  if (usable.length < DEFAULTS.robustness.minBaselines || distinctX < 2) {
    notes.push(`no trend: ${usable.length} usable baseline point(s) with ${shift.x} and ${shift.y}; a fit needs at least ${DEFAULTS.robustness.minBaselines} with distinct x`);
  } else {
    const lx = usable.map((p) => logit(p.x.value));
    const ly = usable.map((p) => logit(p.y.value));
    fit = linearFit(lx, ly);
    const [lo, hi] = panelXDomain(withIntervals.map((p) => ({ x: p.x.value, ...(p.xInterval ? { xInterval: p.xInterval } : {}) })));
    const n = DEFAULTS.robustness.gridSize;
    const grid = Array.from({ length: n }, (_, i) => lo + ((hi - lo) * i) / (n - 1));
    const boot = bootstrapLinearFit(lx, ly, grid, { resamples: options.resamples ?? DEFAULTS.robustness.resamples, seed: options.seed ?? DEFAULTS.robustness.seed, confidence: options.confidence ?? DEFAULTS.robustness.confidence });
    slopeInterval = boot.slope;
    interceptInterval = boot.intercept;
    band = grid.map((x, i) => ({ x, lower: boot.lower[i]!, upper: boot.upper[i]! }));
  }
  const points = withIntervals.map(({ xInterval, yInterval, ...p }): RobustnessPointResult => {
    const predicted = fit ? predictOnLogitAxes(fit, p.x.value) : null;
    return {
      model: p.model,
      role: options.baselines.has(p.model) ? 'baseline' : 'evaluated',
      x: p.x,
      y: p.y,
      ...(xInterval ? { xInterval } : {}),
      ...(yInterval ? { yInterval } : {}),
      predicted,
      effectiveRobustness: predicted === null ? null : p.y.value - predicted,
    };
  });
  return { shift, fit, slopeInterval, interceptInterval, band, points, note: notes.length ? notes.join('; ') : null };
}

/**
 * Effective robustness (Taori et al. 2020): per shift, the linear trend of logit(shifted accuracy) on
 * logit(in-distribution accuracy) over the baselines, and each model's distance above it in accuracy.
 * With two or more shifts, an 'average' pseudo shift (mean shifted accuracy) comes last.
 */
export function analyzeRobustness(table: AccuracyTable, options: RobustnessOptions): ShiftResult[] {
  const results = options.shifts.map((s) => analyzeShift(table, s, pairsFor(table, s, options), options));
  if (options.shifts.length >= 2) {
    const x = options.inDistribution ?? 'mean of the shifts\' in-distribution columns';
    const average: ShiftPair = { name: AVERAGE_SHIFT, label: `Average over ${options.shifts.length} shifts`, x, y: `mean of ${options.shifts.map((s) => s.y).join(', ')}` };
    results.push(analyzeShift(table, average, pairsFor(table, 'average', options), options));
  }
  return results;
}
