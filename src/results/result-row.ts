import { ClipEvalError } from '../core/errors.js';
import { CALIBRATION_METRICS, CLASSIFICATION_METRICS, type CalibrationMetricName, type ClassificationMetricName } from '../metrics/registry.js';
import type { TaskName } from '../tasks/registry.js';

/** Version of the row layout below; bumped when a field changes meaning. */
export const RESULT_SCHEMA = 1;

/** What every run records, whatever its task. Accuracies are fractions in [0, 1]. */
interface RunInfo {
  readonly schema: typeof RESULT_SCHEMA;
  /** Model name or folder. */
  readonly model: string;
  /** Weights tag, as CLIP_benchmark's `pretrained` (default: the model name). */
  readonly pretrained?: string;
  /** How the run is named in tables and plots (default: the model, plus the task when it is not zero-shot). */
  readonly label?: string;
  readonly dataset: string;
  readonly split: string;
  /** Template set name or file; null where no templates were used. */
  readonly templates: string | null;
  /** Samples evaluated. */
  readonly n: number;
  readonly config_hash: string;
  readonly harness_version: string;
  /** ISO 8601 time the run finished. */
  readonly time: string;
}

/** Metrics of the registry by name (null where a task cannot compute one, e.g. the probe's top-5); top-1 always. */
export type ClassificationMetrics = Readonly<Partial<Record<ClassificationMetricName, number | null>>> & { readonly top1: number };

const CLASSIFICATION_NAMES = Object.keys(CLASSIFICATION_METRICS) as ClassificationMetricName[];

/** A zero-shot run's calibration figures, present when the model's head gave probabilities (fractions too). */
export type CalibrationMetrics = Readonly<Partial<Record<CalibrationMetricName, number>>>;

const CALIBRATION_NAMES = Object.keys(CALIBRATION_METRICS) as CalibrationMetricName[];

export interface TemplateCompareMetrics {
  /** The single-template baseline's accuracy on the evaluation part. */
  readonly top1: number;
  readonly best_single_top1: number;
  readonly ensemble_all_top1: number;
  /** Null when no validation part was held out for greedy selection. */
  readonly greedy_top1: number | null;
}

/**
 * A retrieval run's figures under CLIP_benchmark's keys: `image_retrieval_recall@K` (text -> image),
 * `text_retrieval_recall@K` (image -> text), and DataComp's `mean_recall@1`.
 */
export type RetrievalMetrics = Readonly<Partial<Record<`image_retrieval_recall@${number}` | `text_retrieval_recall@${number}`, number>>> & {
  readonly 'mean_recall@1': number;
  /** Retrieval has no top-1 (rows of every task can be read for `metrics.top1`). */
  readonly top1?: undefined;
};

/** A row's task: a name of the task registry (a typo fails to compile). */
type Task<T extends TaskName> = T;

/** One line of results.jsonl, discriminated by `task`. */
export type ResultRow =
  | (RunInfo & { readonly task: Task<'zeroshot'>; readonly metrics: ClassificationMetrics & CalibrationMetrics })
  | (RunInfo & { readonly task: Task<'linear-probe'>; readonly metrics: ClassificationMetrics & { readonly regularization?: number } })
  | (RunInfo & { readonly task: Task<'template-compare'>; readonly metrics: TemplateCompareMetrics })
  | (RunInfo & { readonly task: Task<'retrieval'>; readonly metrics: RetrievalMetrics; readonly language?: string });

export type ResultTask = ResultRow['task'];

/** Which metrics of each task are accuracies (checked to be fractions) and must be present. */
export const RESULT_TASKS = {
  zeroshot: { accuracies: [...CLASSIFICATION_NAMES, ...CALIBRATION_NAMES], required: ['top1'] },
  'linear-probe': { accuracies: CLASSIFICATION_NAMES, required: ['top1'] },
  'template-compare': { accuracies: ['top1', 'best_single_top1', 'ensemble_all_top1', 'greedy_top1'], required: ['top1', 'best_single_top1', 'ensemble_all_top1'] },
  retrieval: { accuracies: ['mean_recall@1', 'image_retrieval_recall@1', 'text_retrieval_recall@1'], required: ['mean_recall@1'] },
} as const satisfies Record<ResultTask, { accuracies: readonly string[]; required: readonly string[] }>;

function isTask(task: unknown): task is ResultTask {
  return typeof task === 'string' && Object.hasOwn(RESULT_TASKS, task);
}

/** The name a row goes by in tables and plots. */
export function rowLabel(row: ResultRow): string {
  if (row.label) return row.label;
  return row.task === 'zeroshot' ? row.model : `${row.model} (${row.task})`;
}

/**
 * Checks a parsed row (from a file or a task) and returns it typed. Accuracies must be fractions: a value
 * above 1 is reported as a percentage so the writer can be fixed.
 */
export function validateResultRow(value: unknown, where: string): ResultRow {
  const fail = (what: string): never => {
    throw new ClipEvalError('INPUT', `${where}: ${what}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return fail('a result row must be a JSON object');
  const row = value as Record<string, unknown>;
  if (!isTask(row.task)) return fail(`unknown task ${JSON.stringify(row.task)} (known: ${Object.keys(RESULT_TASKS).join(', ')})`);
  for (const key of ['model', 'dataset', 'split', 'config_hash', 'harness_version', 'time'] as const) {
    if (typeof row[key] !== 'string' || row[key] === '') fail(`field '${key}' must be a non-empty string`);
  }
  if (row.templates !== null && typeof row.templates !== 'string') fail("field 'templates' must be a string or null");
  if (typeof row.n !== 'number' || !Number.isInteger(row.n) || row.n < 0) fail("field 'n' must be a whole number of samples");
  if (row.schema !== RESULT_SCHEMA) fail(`schema ${JSON.stringify(row.schema)} is not ${RESULT_SCHEMA}; this harness reads result rows of schema ${RESULT_SCHEMA}`);
  const metrics = row.metrics;
  if (typeof metrics !== 'object' || metrics === null) return fail("field 'metrics' must be an object");
  const spec = RESULT_TASKS[row.task];
  for (const key of spec.required) {
    if (typeof (metrics as Record<string, unknown>)[key] !== 'number') fail(`metrics.${key} is required for task ${row.task}`);
  }
  for (const key of spec.accuracies) {
    const v = (metrics as Record<string, unknown>)[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`metrics.${key} must be a number, got ${JSON.stringify(v)}`);
    else if (v > 1 && v <= 100) fail(`metrics.${key} = ${v} looks like a percentage; results store accuracies as fractions in [0, 1] (divide by 100)`);
    else if (v < 0 || v > 1) fail(`metrics.${key} = ${v} is not an accuracy in [0, 1]`);
  }
  return row as unknown as ResultRow;
}
