import { usageError } from '../../core/errors.js';
import { auditFairness } from './audit.js';
import type { HarmfulCategories } from './harmful.js';
import type { RunAudit } from './outputs.js';
import { readPredictionRun, type PredictionRun } from './predictions.js';

export interface FairnessRunOptions {
  /** predictions.csv files or run folders, optionally `NAME=PATH`. */
  readonly predictions: readonly string[];
  /** Attributes to break down by (default: every attribute column). */
  readonly groups?: readonly string[];
  readonly harmful?: HarmfulCategories;
  /** Attribute for the across-runs comparison (default: the first group attribute). */
  readonly by?: string;
  readonly resamples?: number;
  readonly seed?: number;
}

export interface FairnessRun {
  readonly runs: readonly (RunAudit & { readonly overall: number })[];
  /** What a reader should know about the inputs (harmful classes that cannot be predicted, ...). */
  readonly notes: readonly string[];
  /** The attribute runs are compared by, or null. */
  readonly by: string | null;
}

/** Says which harmful classes cannot be predicted (not in the run's label set) or never were. */
function harmfulNotes(run: PredictionRun, harmful: HarmfulCategories): string[] {
  const names = Object.values(harmful).flat();
  if (names.length === 0) return [];
  const predicted = new Set(run.predictions.map((p) => p.pred));
  const notInLabels = run.classes ? names.filter((n) => !run.classes!.includes(n)) : [];
  const never = names.filter((n) => !predicted.has(n) && !notInLabels.includes(n));
  const notes: string[] = [];
  if (notInLabels.length) notes.push(`${run.name}: ${notInLabels.map((n) => `'${n}'`).join(', ')} not in the run's label set, so never predictable; add them to the class names to measure them.`);
  if (never.length && !run.classes) notes.push(`${run.name}: ${never.map((n) => `'${n}'`).join(', ')} never predicted (was it in the label set?).`);
  if (run.probabilitiesMissing !== null) notes.push(`${run.name}: top-1 rates only, no mean probability on the harmful categories: ${run.probabilitiesMissing}.`);
  return notes;
}

/** The fairness audit: per-group accuracy, disparities and harmful-category rates from predictions files. */
export async function runFairness(options: FairnessRunOptions): Promise<FairnessRun> {
  if (options.predictions.length === 0) throw usageError('give at least one --predictions FILE|DIR (a run\'s predictions.csv with attribute columns)');
  const runs = await Promise.all(options.predictions.map(readPredictionRun));
  const harmful = options.harmful ?? {};
  const notes: string[] = [];
  const audits = runs.map((run) => {
    const groups = options.groups && options.groups.length > 0 ? options.groups : run.attributes;
    const missing = groups.filter((g) => !run.attributes.includes(g));
    if (missing.length) throw usageError(`${run.path} has no attribute column ${missing.map((m) => `'${m}'`).join(', ')} (its attributes: ${run.attributes.join(', ') || 'none'})`);
    if (groups.length === 0) throw usageError(`${run.path} has no attribute columns to group by (columns after path,label,pred,correct,top5)`);
    notes.push(...harmfulNotes(run, harmful));
    const overall = run.predictions.filter((p) => p.correct).length / run.predictions.length;
    return { run: run.name, overall, audits: auditFairness(run.predictions, { attributes: groups, harmful, bootstrap: { resamples: options.resamples, seed: options.seed }, probabilities: run.probabilities }) };
  });
  const names = audits.map((a) => a.run);
  if (new Set(names).size !== names.length) throw usageError(`two predictions inputs are both called '${names.find((n, i) => names.indexOf(n) !== i)}'; name them with NAME=PATH`);
  const by = options.by ?? audits[0]?.audits[0]?.attribute ?? null;
  return { runs: audits, notes, by };
}
