import { basename, join, resolve } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../../core/fs.js';
import { encodeNpy } from '../../core/npy.js';
import { HARNESS_VERSION } from '../../core/version.js';
import { hashJson } from '../../features/file-hash.js';
import { RESULT_SCHEMA, type ResultRow } from '../results/result-row.js';
import type { FitReport } from './fit.js';
import type { LinearProbeOptions, LinearProbeResult, ProbeRun } from './run.js';

/** Where the features came from, recorded beside the numbers. */
export interface ProbeProvenance {
  readonly source: 'model' | 'files';
  readonly model?: string;
  readonly dataset?: string;
  readonly splits?: { readonly train: string; readonly test: string };
  readonly features?: string;
  /** The model output probed (a pre-projection output when the export has one), or null for --features files. */
  readonly featureOutput: string | null;
  readonly classnames?: readonly string[];
  readonly featureSeconds?: number;
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
    sweep: run.sweep.map((p) => ({ ...fitJson(p), train_accuracy: p.trainAccuracy, validation_accuracy: p.validationAccuracy })),
    final_fit: fitJson(run.final),
    seconds: run.seconds,
  };
}

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/**
 * metrics.json: accuracies are fractions in [0, 1]. Top-level accuracies are means over runs (one run unless
 * few-shot); `C`, `n`, `sweep`, `final_fit`, weights.npy and bias.npy are the first run's.
 */
export function linearProbeMetrics(result: LinearProbeResult, options: LinearProbeOptions, provenance: ProbeProvenance) {
  const first = result.runs[0]!;
  const validations = result.runs.flatMap((r) => (r.accuracy.validation === null ? [] : [r.accuracy.validation]));
  const runs = result.runs.map(runJson);
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
    splits: provenance.splits ?? null,
    features: provenance.features ?? null,
    feature_output: provenance.featureOutput,
    classnames: provenance.classnames ?? null,
    classes: Array.from(result.classes),
    dims: result.dims,
    C: first.C,
    accuracy: {
      train: mean(result.runs.map((r) => r.accuracy.train)),
      validation: validations.length > 0 ? mean(validations) : null,
      test: result.testAccuracy.mean,
      test_mean_per_class_recall: mean(result.runs.map((r) => r.accuracy.testMeanPerClassRecall)),
    },
    test_accuracy_spread: result.testAccuracy,
    n: first.n,
    sweep: runs[0]!.sweep,
    final_fit: runs[0]!.final_fit,
    // Every draw of a few-shot run (the fields above are the first draw's, the accuracies their means).
    ...(runs.length > 1 ? { runs } : {}),
    timings: { total_seconds: result.seconds, features_seconds: provenance.featureSeconds ?? null, sweep_seconds: first.seconds.sweep, final_seconds: first.seconds.final },
    config,
    // What identifies the run for the results store: the features' origin and the probe's settings.
    config_hash: hashJson({ config, model: provenance.model, dataset: provenance.dataset, splits: provenance.splits, features: provenance.features, feature_output: provenance.featureOutput }),
    time: new Date().toISOString(),
    files: { weights: 'weights.npy', bias: 'bias.npy', sweep_plot: first.sweep.length > 0 ? SWEEP_PLOT : null },
  };
}

/** The vega-lite spec of the sweep curve, beside metrics.json when there was a sweep. */
export const SWEEP_PLOT = 'sweep.vl.json';

export type LinearProbeMetrics = ReturnType<typeof linearProbeMetrics>;

/** The results-store row of a probe run: test accuracy as top-1 (no top-5: the probe ranks by arg-max). */
export function linearProbeResultRow(metrics: LinearProbeMetrics): ResultRow {
  const shots = metrics.config.shots;
  const model = metrics.model !== null ? basename(resolve(metrics.model)) : 'features';
  return {
    schema: RESULT_SCHEMA,
    task: 'linear-probe',
    model,
    ...(shots ? { label: `${model} (linear-probe, ${shots.k}-shot)` } : {}),
    dataset: metrics.dataset ?? basename(resolve(metrics.features ?? '.')),
    split: metrics.splits?.test ?? 'test',
    templates: null,
    n: metrics.n.test,
    config_hash: metrics.config_hash,
    harness_version: metrics.harness_version,
    time: metrics.time,
    metrics: { top1: metrics.accuracy.test, top5: null, mean_per_class_recall: metrics.accuracy.test_mean_per_class_recall, regularization: metrics.C },
  };
}

/**
 * Writes metrics.json, weights.npy [classes, dims] and bias.npy [classes] (the first run's) into `dir`, and the
 * sweep plot that `sweepPlot` draws from the metrics (a report-layer function, so it is passed in).
 */
export async function writeLinearProbeOutputs(dir: string, result: LinearProbeResult, metrics: LinearProbeMetrics, sweepPlot?: (metrics: LinearProbeMetrics) => unknown): Promise<void> {
  const first = result.runs[0]!;
  const classes = result.classes.length;
  await writeFileAtomic(join(dir, 'weights.npy'), encodeNpy({ dtype: 'float32', shape: [classes, result.dims], data: first.weights }));
  await writeFileAtomic(join(dir, 'bias.npy'), encodeNpy({ dtype: 'float32', shape: [classes], data: first.bias }));
  if (sweepPlot && metrics.files.sweep_plot !== null) await writeJsonAtomic(join(dir, metrics.files.sweep_plot), sweepPlot(metrics));
  await writeJsonAtomic(join(dir, 'metrics.json'), metrics);
}
