import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ClipEvalError } from '../../core/errors.js';
import { readCsv } from '../../core/csv.js';
import { decodeNpy } from '../../core/npy.js';
import { matrix, type Matrix } from '../../core/tensor.js';
import type { ScoringKind } from '../../model/family.js';
import { headProbabilities } from '../../model/scoring-head.js';
import { PROBABILITY_COLUMNS } from '../zeroshot/probabilities.js';

/** One classified image: its true and predicted class names and its group attributes. */
export interface Prediction {
  readonly label: string;
  readonly pred: string;
  readonly correct: boolean;
  readonly attrs: Readonly<Record<string, string>>;
}

export interface PredictionRun {
  /** What the run classified, for tables and legends (e.g. "gender", or fairface/val). */
  readonly name: string;
  readonly path: string;
  readonly predictions: readonly Prediction[];
  /** The attribute columns of predictions.csv (everything after the fixed columns). */
  readonly attributes: readonly string[];
  /** The run's class names from metrics.json (per_class), when that file is beside predictions.csv. */
  readonly classes: readonly string[] | null;
  /**
   * The family's own probabilities of every class for every row (from logits.npy and the scoring head in
   * metrics.json, both beside predictions.csv), or null with `probabilitiesMissing` saying why.
   */
  readonly probabilities: RunProbabilities | null;
  readonly probabilitiesMissing: string | null;
}

export interface RunProbabilities {
  readonly kind: ScoringKind;
  /** Column c of `rows` is the probability of classes[c]. */
  readonly classes: readonly string[];
  /** [predictions, classes], row i for predictions[i]. */
  readonly rows: Matrix;
}

/** Fixed columns of predictions.csv; every other column is a sample attribute. */
const FIXED_COLUMNS = new Set(['index', 'path', 'label', 'pred', 'correct', 'top5', PROBABILITY_COLUMNS.pred, PROBABILITY_COLUMNS.label]);

interface ScoringMetrics {
  probabilities?: unknown;
  probabilities_missing?: unknown;
  scoring?: { kind?: unknown; logit_scale?: unknown; logit_bias?: unknown; source?: unknown };
  per_class?: { class?: unknown }[];
}

/**
 * A run's probabilities of every class: the model's own logits (logits.npy, written with --save-embeddings)
 * through the scoring head metrics.json records, so they are the family's own (softmax or sigmoid).
 */
async function readProbabilities(dir: string, rows: number): Promise<{ probabilities: RunProbabilities | null; missing: string | null }> {
  const none = (missing: string) => ({ probabilities: null, missing });
  const logitsPath = join(dir, 'logits.npy');
  let metrics: ScoringMetrics;
  try {
    metrics = JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8')) as ScoringMetrics;
  } catch {
    return none(`no metrics.json beside the predictions, so no scoring head to turn logits into probabilities`);
  }
  if (metrics.probabilities === null) return none(typeof metrics.probabilities_missing === 'string' ? metrics.probabilities_missing : 'the run has no probabilities');
  if (!existsSync(logitsPath)) return none(`no logits.npy beside the predictions (rerun zeroshot with --save-embeddings to measure probabilities)`);
  const scoring = metrics.scoring;
  const kind = scoring?.kind === 'softmax' || scoring?.kind === 'sigmoid' ? (scoring.kind as ScoringKind) : undefined;
  if (kind === undefined) return none(`${join(dir, 'metrics.json')} records no scoring head (written before clip-eval recorded one; rerun zeroshot)`);
  const classes = Array.isArray(metrics.per_class) ? metrics.per_class.map((c) => String(c.class ?? '')) : [];
  let logits;
  try {
    logits = decodeNpy(await readFile(logitsPath), logitsPath);
  } catch (error) {
    return none(`${logitsPath} is not a readable .npy (${(error as Error).message})`);
  }
  const [n, width] = logits.shape;
  if (logits.dtype !== 'float32' || logits.shape.length !== 2 || n !== rows || width !== classes.length) {
    return none(`${logitsPath} is ${logits.dtype} [${logits.shape.join(', ')}], not float32 [${rows} rows, ${classes.length} classes] (a run whose classes map to other labels, or files from two runs)`);
  }
  const head = { kind, scale: typeof scoring?.logit_scale === 'number' ? scoring.logit_scale : 1, bias: typeof scoring?.logit_bias === 'number' ? scoring.logit_bias : 0, source: String(scoring?.source ?? 'metrics.json') };
  return { probabilities: { kind, classes, rows: headProbabilities(head, matrix(logits.data as Float32Array, n, width), logitsPath) }, missing: null };
}

/** The group an image with an empty attribute cell falls in. */
export const MISSING_GROUP = '(missing)';

function parseCorrect(text: string, where: string): boolean {
  const t = text.toLowerCase();
  if (t === '1' || t === 'true') return true;
  if (t === '0' || t === 'false') return false;
  throw new ClipEvalError('INPUT', `${where}: correct = '${text}' is not 1/0 or true/false`);
}

async function readClasses(dir: string): Promise<{ classes: string[] | null; name: string | null }> {
  try {
    const metrics = JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8')) as { dataset?: string; split?: string; per_class?: { class?: string }[] };
    const classes = Array.isArray(metrics.per_class) ? metrics.per_class.map((c) => String(c.class ?? '')).filter(Boolean) : null;
    return { classes, name: metrics.dataset ? `${metrics.dataset}${metrics.split ? `/${metrics.split}` : ''}` : null };
  } catch {
    return { classes: null, name: null };
  }
}

/**
 * How a `--predictions` argument is read: the whole argument when it is an existing path (a path may hold
 * `=`), else `NAME=PATH` split at the first `=` (a name cannot hold `=`), else a path that does not exist.
 */
export async function parsePredictionSpec(spec: string): Promise<{ name: string | null; path: string }> {
  const eq = spec.indexOf('=');
  if (eq <= 0) return { name: null, path: spec };
  if (await stat(spec).then(() => true, () => false)) return { name: null, path: spec };
  return { name: spec.slice(0, eq), path: spec.slice(eq + 1) };
}

/**
 * Reads a run's predictions: `spec` is a predictions.csv, a run folder holding one, or `NAME=PATH` to
 * name the run (default: dataset/split from metrics.json, else the folder name); see parsePredictionSpec.
 */
export async function readPredictionRun(spec: string): Promise<PredictionRun> {
  const parsed = await parsePredictionSpec(spec);
  const given = parsed.name;
  let path = parsed.path;
  const info = await stat(path).catch(() => {
    throw new ClipEvalError('INPUT', `predictions ${path} not found; pass a run's predictions.csv or its output folder`);
  });
  if (info.isDirectory()) path = join(path, 'predictions.csv');
  const csv = await readCsv(path, ['label', 'pred'], 'predictions file', { code: 'INPUT', allowEmpty: true });
  const attributes = csv.columns.filter((c) => !FIXED_COLUMNS.has(c));
  const hasCorrect = csv.columns.includes('correct');
  const predictions = csv.records.map((row, i): Prediction => {
    const label = row.label ?? '';
    const pred = row.pred ?? '';
    return {
      label,
      pred,
      correct: hasCorrect ? parseCorrect(row.correct ?? '', `${path}:${i + 2}`) : label === pred,
      attrs: Object.fromEntries(attributes.map((a) => [a, row[a] === '' || row[a] === undefined ? MISSING_GROUP : row[a]])),
    };
  });
  if (predictions.length === 0) throw new ClipEvalError('INPUT', `predictions file ${path} has no rows`);
  const meta = await readClasses(dirname(path));
  const { probabilities, missing } = await readProbabilities(dirname(path), predictions.length);
  return { name: given ?? meta.name ?? basename(dirname(path)), path, predictions, attributes, classes: meta.classes, probabilities, probabilitiesMissing: missing };
}
