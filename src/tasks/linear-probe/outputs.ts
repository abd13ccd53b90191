import { basename, join, resolve } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../core/fs.js';
import { encodeNpy } from '../../core/npy.js';
import { HARNESS_VERSION } from '../../core/version.js';
import { hashJson } from '../../features/file-hash.js';
import { RESULT_SCHEMA, type ResultRow } from '../../results/result-row.js';
import { recordResult } from '../../results/store.js';
import type { FitReport } from './fit.js';
import type { LinearProbeOptions, LinearProbeResult, ProbeRun } from './run.js';

/** Where the features came from, recorded beside the numbers. */
export interface ProbeProvenance {
  readonly source: 'model' | 'files';
  readonly model?: string;
  readonly dataset?: string;
  /** The train split and the test splits (in order; the first is the one the top-level test figures describe). */
  readonly splits?: { readonly train: string; readonly tests: readonly string[] };
  readonly features?: string;
  /** The model output probed (a pre-projection output when the export has one), or null for --features files. */
  readonly featureOutput: string | null;
  readonly classnames?: readonly string[];
  readonly featureSeconds?: number;
  /** Images of the train and test splits that failed to decode (left out of the probe); model source only. */
  readonly nFailed?: number;
  /** Whether the result came from the probe result cache ('hit') or was fitted and stored ('miss'); absent without a cache. */
  readonly resultCache?: 'hit' | 'miss';
}

export const METRICS_SCHEMA_VERSION = 1;

function fitJson(report: FitReport) {
  return {
    C: report.C,
    objective: report.objective,
    grad_max: report.gradMax,
    iterations: report.iterations,
    evaluations: report.evaluations,
    converged: report.converged,
    stop: report.stop,
    seconds: report.seconds,
  };
}

function runJson(run: ProbeRun) {
  return {
    ...(run.shotSeed !== undefined ? { shot_seed: run.shotSeed } : {}),
    C: run.C,
    accuracy: { train: run.accuracy.train, validation: run.accuracy.validation, test: run.accuracy.test, test_mean_per_class_recall: run.accuracy.testMeanPerClassRecall },
    n: run.n,
    test_splits: run.tests.map((t) => ({ split: t.split, n: t.n, accuracy: t.accuracy, mean_per_class_recall: t.meanPerClassRecall })),
    sweep: run.sweep.map((p) => ({ ...fitJson(p), train_accuracy: p.trainAccuracy, validation_accuracy: p.validationAccuracy })),
    final_fit: fitJson(run.final),
    seconds: run.seconds,
  };
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** `splits` as metrics.json has always had it ({train, test}), plus `tests` when one fit was scored on several. */
function splitsJson(splits: ProbeProvenance['splits']) {
  if (!splits) return null;
  return { train: splits.train, test: splits.tests[0] ?? null, ...(splits.tests.length > 1 ? { tests: splits.tests } : {}) };
}

/**
 * metrics.json: accuracies are fractions in [0, 1]. Top-level accuracies are means over runs (one run unless
 * few-shot) on the first test split; `test_splits` has every test split's (one results row each). `C`, `n`,
 * `sweep`, `final_fit`, weights.npy and bias.npy are the first run's.
 */
export function linearProbeMetrics(result: LinearProbeResult, options: LinearProbeOptions, provenance: ProbeProvenance) {
  const first = result.runs[0]!;
  const validations = result.runs.flatMap((r) => (r.accuracy.validation === null ? [] : [r.accuracy.validation]));
  const runs = result.runs.map(runJson);
  const splits = splitsJson(provenance.splits);
  const config = {
    selection: options.selection.kind === 'sweep' ? { kind: 'sweep', ...options.selection.grid } : { kind: 'values', values: options.selection.values },
    val_fraction: options.valFraction,
    tol: options.tol,
    max_iter: options.maxIterations,
    seed: options.seed,
    shots: options.shots ?? null,
    solver: 'lbfgs (scipy L-BFGS-B 3.0 semantics: m=10, maxls=20, ftol=2.2e-9)',
    objective: 'sum of multinomial log-losses + ||W||^2 / (2C), intercept unpenalised (scikit-learn 1.2)',
  };
  return {
    schema_version: METRICS_SCHEMA_VERSION,
    task: 'linear-probe',
    harness_version: HARNESS_VERSION,
    source: provenance.source,
    model: provenance.model ?? null,
    dataset: provenance.dataset ?? null,
    splits,
    features: provenance.features ?? null,
    feature_output: provenance.featureOutput,
    classnames: provenance.classnames ?? null,
    classes: Array.from(result.classes),
    dims: result.dims,
    n_failed: provenance.nFailed ?? null,
    C: first.C,
    accuracy: {
      train: mean(result.runs.map((r) => r.accuracy.train)),
      validation: validations.length > 0 ? mean(validations) : null,
      test: result.testAccuracy.mean,
      test_mean_per_class_recall: mean(result.runs.map((r) => r.accuracy.testMeanPerClassRecall)),
    },
    test_accuracy_spread: result.testAccuracy,
    test_splits: result.tests.map((t) => ({ split: t.split, n: t.n, accuracy: t.accuracy.mean, accuracy_spread: t.accuracy, mean_per_class_recall: t.meanPerClassRecall })),
    n: first.n,
    sweep: runs[0]!.sweep,
    final_fit: runs[0]!.final_fit,
    // Every draw of a few-shot run (the fields above are the first draw's, the accuracies their means).
    ...(runs.length > 1 ? { runs } : {}),
    // The timings of a cache hit are those of the run that fitted it.
    result_cache: provenance.resultCache ?? null,
    timings: { total_seconds: result.seconds, features_seconds: provenance.featureSeconds ?? null, sweep_seconds: first.seconds.sweep, final_seconds: first.seconds.final },
    config,
    // What identifies the run for the results store: the features' origin and the probe's settings.
    config_hash: hashJson({ config, model: provenance.model, dataset: provenance.dataset, splits: splits ?? undefined, features: provenance.features, feature_output: provenance.featureOutput }),
    time: new Date().toISOString(),
    files: { weights: LINEAR_PROBE_FILES.weights, bias: LINEAR_PROBE_FILES.bias, sweep_plot: first.sweep.length > 0 ? LINEAR_PROBE_FILES.sweepPlot : null },
  };
}

/** The probe's files; the sweep curve's vega-lite spec is written beside them when there was a sweep. */
export const LINEAR_PROBE_FILES = { metrics: 'metrics.json', weights: 'weights.npy', bias: 'bias.npy', sweepPlot: 'sweep.vl.json' } as const;

export type LinearProbeMetrics = ReturnType<typeof linearProbeMetrics>;

/** How a probe's rows are named in tables and plots: one name per model and shot count, whatever the test split. */
export function linearProbeLabel(model: string, shots: { readonly k: number } | null): string {
  return shots ? `${model} (linear-probe, ${shots.k}-shot)` : `${model} (linear-probe)`;
}

/**
 * The results-store rows of a probe run, one per test split (each split a column of the robustness table):
 * test accuracy as top-1 (no top-5: the probe ranks by arg-max), named by model and shot count.
 */
export function linearProbeResultRows(metrics: LinearProbeMetrics): ResultRow[] {
  const model = metrics.model !== null ? basename(resolve(metrics.model)) : 'features';
  return metrics.test_splits.map((test) => ({
    schema: RESULT_SCHEMA,
    task: 'linear-probe',
    model,
    label: linearProbeLabel(model, metrics.config.shots),
    dataset: metrics.dataset ?? basename(resolve(metrics.features ?? '.')),
    split: test.split,
    templates: null,
    n: test.n,
    config_hash: metrics.config_hash,
    harness_version: metrics.harness_version,
    time: metrics.time,
    metrics: { top1: test.accuracy, top5: null, mean_per_class_recall: test.mean_per_class_recall, regularization: metrics.C },
  }));
}

/** The row of the first test split (the only one unless one fit was scored on several). */
export const linearProbeResultRow = (metrics: LinearProbeMetrics): ResultRow => linearProbeResultRows(metrics)[0]!;

/**
 * The probe's writer: metrics.json, weights.npy [classes, dims] and bias.npy [classes] (the first run's) into
 * `dir`, and one results-store row per test split. The sweep plot is the report's (src/jobs/linear-probe.ts).
 */
export async function writeLinearProbeOutputs(dir: string, result: LinearProbeResult, metrics: LinearProbeMetrics): Promise<void> {
  const first = result.runs[0]!;
  const classes = result.classes.length;
  await writeFileAtomic(join(dir, LINEAR_PROBE_FILES.weights), encodeNpy({ dtype: 'float32', shape: [classes, result.dims], data: first.weights }));
  await writeFileAtomic(join(dir, LINEAR_PROBE_FILES.bias), encodeNpy({ dtype: 'float32', shape: [classes], data: first.bias }));
  await writeJsonAtomic(join(dir, LINEAR_PROBE_FILES.metrics), metrics);
  for (const row of linearProbeResultRows(metrics)) await recordResult(dir, row);
}
