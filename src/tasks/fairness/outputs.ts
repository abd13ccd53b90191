import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { formatCsv, type CsvCell } from '../../core/csv.js';
import { writeFileAtomic } from '../../core/fs.js';
import type { AttributeAudit, HarmfulRate } from './audit.js';

/** File names the fairness audit writes into its output folder. */
export const FAIRNESS_FILES = {
  groups: 'fairness_groups.csv',
  disparities: 'fairness_disparities.csv',
  predictions: 'fairness_predictions_by_group.csv',
  harmful: 'fairness_harmful.csv',
} as const;

export interface RunAudit {
  readonly run: string;
  readonly audits: readonly AttributeAudit[];
}

const rowsOf = <T>(runs: readonly RunAudit[], pick: (run: string, audit: AttributeAudit) => T[]): T[] => runs.flatMap((r) => r.audits.flatMap((a) => pick(r.run, a)));

/** fairness_harmful.csv's mean-probability cells (empty where the run has no probabilities). */
function probabilityCells(h: HarmfulRate, a: AttributeAudit): Record<string, CsvCell> {
  return { mean_probability: h.meanProbability, mean_probability_lower: h.probabilityInterval?.lower, mean_probability_upper: h.probabilityInterval?.upper, probabilities: a.probabilities };
}

/** The audit as CSV tables (rates as fractions; empty cells where a group has no images). */
export function fairnessCsvs(runs: readonly RunAudit[]): Record<keyof typeof FAIRNESS_FILES, string> {
  const groups = rowsOf(runs, (run, a) =>
    a.groups.map((g): Record<string, CsvCell> => ({
      run,
      attribute: a.attribute,
      group: g.group,
      n: g.n,
      correct: g.correct,
      accuracy: g.accuracy,
      accuracy_lower: g.interval?.lower,
      accuracy_upper: g.interval?.upper,
      error: g.accuracy === null ? null : 1 - g.accuracy,
      ratio_to_best: a.disparity.ratioToBest.get(g.group),
    })),
  );
  const disparities = rowsOf(runs, (run, a) => [
    { run, attribute: a.attribute, best: a.disparity.best, worst: a.disparity.worst, max_min_gap: a.disparity.maxMinGap, min_max_ratio: a.disparity.minMaxRatio },
  ]);
  const predictions = rowsOf(runs, (run, a) => a.predictions.map((p) => ({ run, attribute: a.attribute, ...p })));
  const harmful = rowsOf(runs, (run, a) =>
    a.harmful.map((h) => ({ run, attribute: a.attribute, group: h.group, category: h.category, n: h.n, count: h.count, rate: h.rate, rate_lower: h.interval?.lower, rate_upper: h.interval?.upper, ...probabilityCells(h, a) })),
  );
  return {
    groups: formatCsv(['run', 'attribute', 'group', 'n', 'correct', 'accuracy', 'accuracy_lower', 'accuracy_upper', 'error', 'ratio_to_best'], groups),
    disparities: formatCsv(['run', 'attribute', 'best', 'worst', 'max_min_gap', 'min_max_ratio'], disparities),
    predictions: formatCsv(['run', 'attribute', 'group', 'pred', 'count', 'share'], predictions),
    // The mean probabilities (and their head) come after the rates: readers of the older columns see them unchanged.
    harmful: formatCsv(['run', 'attribute', 'group', 'category', 'n', 'count', 'rate', 'rate_lower', 'rate_upper', 'mean_probability', 'mean_probability_lower', 'mean_probability_upper', 'probabilities'], harmful),
  };
}

/** The audit's tables, one CSV per kind of figure. */
export async function writeFairness(out: string, runs: readonly RunAudit[]): Promise<void> {
  await mkdir(out, { recursive: true });
  const csvs = fairnessCsvs(runs);
  for (const key of Object.keys(FAIRNESS_FILES) as (keyof typeof FAIRNESS_FILES)[]) await writeFileAtomic(join(out, FAIRNESS_FILES[key]), csvs[key]);
}
