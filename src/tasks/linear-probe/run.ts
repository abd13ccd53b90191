import { DEFAULTS } from '../../config/defaults.js';
import { ClipEvalError, usageError } from '../../core/errors.js';
import { selectRows, type Matrix } from '../../core/tensor.js';
import { ClassificationCounter } from '../../metrics/classification.js';
import { spread, type Spread } from '../../metrics/spread.js';
import { fitLogistic, predictProbe, probeParameters, warmStartAt, type FitReport, type FitSettings, type FittedProbe } from './fit.js';
import { bindData, openProbeKernel, type ProbeKernel } from './kernel.js';
import { drawShots, holdOut } from './split.js';
import { PAPER_GRID, searchC, tryCs, type SweepFit, type SweepGrid } from './sweep.js';
import { checkTestSplit, checkTrainSplit, encodeLabels, type LabelledSplit, type NamedSplit } from './validate.js';

/** How C is chosen: the paper's coarse-to-fine search, or the best of a given list (one value: no validation). */
export type CSelection = { readonly kind: 'sweep'; readonly grid: SweepGrid } | { readonly kind: 'values'; readonly values: readonly number[] };

export interface LinearProbeOptions {
  readonly selection: CSelection;
  /** Fraction of each train class held out to choose C. */
  readonly valFraction: number;
  /** L-BFGS stopping rule, as scikit-learn's tol and max_iter. */
  readonly tol: number;
  readonly maxIterations: number;
  readonly seed: number;
  /** Few-shot: K train examples per class, drawn with `seeds` different seeds. */
  readonly shots?: { readonly k: number; readonly seeds: number };
  /** onnxruntime intra-op threads; 0 = one per core. */
  readonly threads: number;
  /** Called after every fit (sweep points and final fits), e.g. for progress lines. */
  readonly onFit?: (event: { readonly stage: 'sweep' | 'final'; readonly run: number; readonly report: FitReport; readonly validationAccuracy?: number }) => void;
}

/** What `onFit` is told after every fit. */
export type FitEvent = Parameters<NonNullable<LinearProbeOptions['onFit']>>[0];

/** One progress line per fit (sweep points and final fits), so a long sweep is never silent. */
export function fitProgressLine(event: FitEvent, label: string, fewShot: boolean): string {
  const { stage, run, report, validationAccuracy } = event;
  const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
  const note = report.converged ? '' : ` NOT CONVERGED (${report.stop})`;
  return `${label}${fewShot ? ` draw ${run + 1}` : ''} ${stage} C=${report.C.toPrecision(3)}: ${report.iterations} iterations, ${report.seconds.toFixed(1)}s${validationAccuracy !== undefined ? `, validation ${pct(validationAccuracy)}` : ''}${note}`;
}

export interface SweepPoint extends FitReport {
  readonly trainAccuracy: number;
  readonly validationAccuracy: number;
}

/** A run's scores on one test split. */
export interface TestScore {
  readonly split: string;
  readonly n: number;
  readonly accuracy: number;
  readonly meanPerClassRecall: number;
}

export interface ProbeRun {
  /** The shot-drawing seed (few-shot runs only). */
  readonly shotSeed?: number;
  readonly C: number;
  /** `test` and `testMeanPerClassRecall`: the first test split's. */
  readonly accuracy: { readonly train: number; readonly validation: number | null; readonly test: number; readonly testMeanPerClassRecall: number };
  readonly n: { readonly train: number; readonly validation: number; readonly test: number };
  /** Every test split's scores, in the order given. */
  readonly tests: readonly TestScore[];
  /** Sweep fits in the order they ran; empty when a single C was given. */
  readonly sweep: readonly SweepPoint[];
  /** The fit whose weights are reported. */
  readonly final: FitReport;
  /** [classes, dims] and [classes], rows in `classes` order. */
  readonly weights: Float32Array;
  readonly bias: Float32Array;
  readonly seconds: { readonly sweep: number; readonly final: number };
}

export interface LinearProbeResult {
  /** The train classes (label values), sorted: the rows of every run's weights. */
  readonly classes: Int32Array;
  readonly dims: number;
  readonly runs: readonly ProbeRun[];
  /** Test accuracy over runs (one run unless few-shot), on the first test split. */
  readonly testAccuracy: Spread;
  /** Per test split, in the order given: accuracy over runs and mean per-class recall averaged over runs. */
  readonly tests: readonly { readonly split: string; readonly n: number; readonly accuracy: Spread; readonly meanPerClassRecall: number }[];
  readonly seconds: number;
}

/** The paper's protocol with the harness's defaults (DEFAULTS.linearProbe): the coarse-to-fine sweep over C. */
export const PAPER_PROBE: LinearProbeOptions = {
  selection: { kind: 'sweep', grid: PAPER_GRID },
  valFraction: DEFAULTS.linearProbe.valFraction,
  tol: DEFAULTS.linearProbe.tol,
  maxIterations: DEFAULTS.linearProbe.maxIterations,
  seed: DEFAULTS.linearProbe.seed,
  threads: DEFAULTS.linearProbe.threads,
};

/** Argument checks, named as the CLI flags that set them. */
function checkOptions(options: LinearProbeOptions): void {
  const positive = (x: number) => Number.isFinite(x) && x > 0;
  if (options.selection.kind === 'values') {
    const bad = options.selection.values.filter((c) => !positive(c));
    if (options.selection.values.length === 0 || bad.length > 0) throw usageError(`--C needs positive numbers (inverse L2 strengths), got ${options.selection.values.length === 0 ? 'none' : bad.join(', ')}`);
  }
  if (!(options.valFraction > 0 && options.valFraction < 1)) throw usageError(`--val-fraction must be between 0 and 1, got ${options.valFraction}`);
  if (!positive(options.tol)) throw usageError(`--tol must be a positive number, got ${options.tol}`);
  if (!Number.isInteger(options.maxIterations) || options.maxIterations < 1) throw usageError(`--max-iter must be a positive integer, got ${options.maxIterations}`);
  if (options.shots && !(Number.isInteger(options.shots.k) && options.shots.k >= 1 && Number.isInteger(options.shots.seeds) && options.shots.seeds >= 1)) {
    throw usageError(`--shots and --shot-seeds must be positive integers, got ${options.shots.k} and ${options.shots.seeds}`);
  }
}

interface Encoded {
  readonly features: Matrix;
  readonly labels: Int32Array;
}

interface EncodedTest extends Encoded {
  readonly name: string;
}

/** One unnamed test split is called 'test'. */
const namedTests = (test: LabelledSplit | readonly NamedSplit[]): readonly NamedSplit[] => ('features' in test ? [{ name: 'test', ...test }] : test);

const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

function scores(predicted: Int32Array, labels: Int32Array, numClasses: number): { accuracy: number; meanPerClassRecall: number } {
  const counter = new ClassificationCounter(Array.from({ length: numClasses }, (_, c) => String(c)));
  predicted.forEach((p, i) => counter.add(labels[i]!, [p]));
  const { top1, mean_per_class_recall } = counter.result();
  return { accuracy: top1, meanPerClassRecall: mean_per_class_recall };
}

const subset = (split: Encoded, rows: Int32Array): Encoded => ({ features: selectRows(split.features, rows), labels: rows.map((i) => split.labels[i]!) });

/** How a run gets its C: given, or chosen on the held-out rows of train. */
type Choice =
  | { readonly kind: 'fixed'; readonly C: number }
  | { readonly kind: 'validated'; readonly selection: CSelection; readonly trainPart: Int32Array; readonly validation: Encoded };

/**
 * Fits a multinomial logistic-regression probe on train features, choosing C on a held-out part of train,
 * refitting on all of train, and scores it on the test split (or on each of several named test splits: one
 * fit, several scores). Pure apart from the onnxruntime kernel: no file I/O.
 */
export async function runLinearProbe(train: LabelledSplit, test: LabelledSplit | readonly NamedSplit[], options: LinearProbeOptions): Promise<LinearProbeResult> {
  const start = performance.now();
  checkOptions(options);
  const tests = namedTests(test);
  if (tests.length === 0) throw usageError('the probe needs at least one test split');
  const classes = checkTrainSplit(train);
  for (const t of tests) checkTestSplit(t, classes, train.features.cols, tests.length > 1 ? `'${t.name}' test` : 'test');
  const numClasses = classes.length;
  const trainEncoded = { features: train.features, labels: encodeLabels(train.labels, classes) };
  const testsEncoded = tests.map((t): EncodedTest => ({ name: t.name, features: t.features, labels: encodeLabels(t.labels, classes) }));
  const { selection } = options;
  let choice: Choice;
  if (selection.kind === 'values' && selection.values.length === 1) {
    choice = { kind: 'fixed', C: selection.values[0]! };
  } else {
    const partition = holdOut(trainEncoded.labels, numClasses, options.valFraction, options.seed);
    if (partition.validation.length === 0) {
      throw new ClipEvalError('INPUT', `holding out ${options.valFraction} of each train class leaves no validation rows (${train.features.rows} train rows): raise --val-fraction or give a single --C`);
    }
    choice = { kind: 'validated', selection, trainPart: partition.train, validation: subset(trainEncoded, partition.validation) };
  }
  const kernel = await openProbeKernel({ threads: options.threads });
  try {
    const runs: ProbeRun[] = [];
    const seeds = options.shots ? Array.from({ length: options.shots.seeds }, (_, s) => options.seed + s) : [undefined];
    for (const [run, shotSeed] of seeds.entries()) {
      // Few-shot: the shots come from the train part only, so validation rows are never trained on.
      const pool = choice.kind === 'validated' ? choice.trainPart : Int32Array.from(trainEncoded.labels.keys());
      const shotRows = options.shots && shotSeed !== undefined ? drawShots(trainEncoded.labels, numClasses, pool, options.shots.k, shotSeed) : undefined;
      runs.push(await probeRun(kernel, { train: trainEncoded, tests: testsEncoded, numClasses, choice, shotRows, run, shotSeed }, options));
    }
    return {
      classes,
      dims: train.features.cols,
      runs,
      testAccuracy: spread(runs.map((r) => r.accuracy.test)),
      tests: testsEncoded.map((t, i) => ({
        split: t.name,
        n: t.features.rows,
        accuracy: spread(runs.map((r) => r.tests[i]!.accuracy)),
        meanPerClassRecall: mean(runs.map((r) => r.tests[i]!.meanPerClassRecall)),
      })),
      seconds: (performance.now() - start) / 1000,
    };
  } finally {
    await kernel.release();
  }
}

interface RunInputs {
  readonly train: Encoded;
  readonly tests: readonly EncodedTest[];
  readonly numClasses: number;
  readonly choice: Choice;
  readonly shotRows: Int32Array | undefined;
  readonly run: number;
  readonly shotSeed: number | undefined;
}

/** A fit and its report, as the sweep keeps them. */
interface Fitted {
  readonly probe: FittedProbe;
  readonly report: FitReport;
}

interface Selection {
  readonly C: number;
  readonly validation: number | null;
  readonly sweep: SweepPoint[];
  /** The chosen C's sweep fit, the warm start of the final fit. */
  readonly best: Fitted | undefined;
  readonly seconds: number;
}

type Predict = (probe: FittedProbe, split: Encoded) => Promise<{ accuracy: number; meanPerClassRecall: number }>;

async function probeRun(kernel: ProbeKernel, inputs: RunInputs, options: LinearProbeOptions): Promise<ProbeRun> {
  const { numClasses, shotRows, run, choice } = inputs;
  const predict: Predict = async (probe, split) => scores(await predictProbe(kernel, probe, split.features), split.labels, numClasses);
  // What the final probe trains on: the shots, or all of train.
  const finalSet = shotRows ? subset(inputs.train, shotRows) : inputs.train;
  const selection: Selection = choice.kind === 'fixed'
    ? { C: choice.C, validation: null, sweep: [], best: undefined, seconds: 0 }
    : await selectC(kernel, choice, shotRows ? finalSet : subset(inputs.train, choice.trainPart), { numClasses, predict, run }, options);

  const finalStart = performance.now();
  // Few-shot sweeps already fitted the shots themselves, so the chosen sweep fit is final; otherwise refit
  // on all of train, starting from the chosen C's sweep solution.
  const final = shotRows && selection.best
    ? selection.best
    : await fitLogistic(kernel, bindData(finalSet.features, finalSet.labels, numClasses), fitSettings(selection.C, options), selection.best?.probe);
  if (final !== selection.best) options.onFit?.({ stage: 'final', run, report: final.report });
  const trainScores = await predict(final.probe, finalSet);
  const tests: TestScore[] = [];
  for (const test of inputs.tests) tests.push({ split: test.name, n: test.features.rows, ...(await predict(final.probe, test)) });
  const first = tests[0]!;
  const { weights, bias } = probeParameters(final.probe);
  return {
    ...(inputs.shotSeed !== undefined ? { shotSeed: inputs.shotSeed } : {}),
    C: selection.C,
    accuracy: { train: trainScores.accuracy, validation: selection.validation, test: first.accuracy, testMeanPerClassRecall: first.meanPerClassRecall },
    n: { train: finalSet.features.rows, validation: choice.kind === 'validated' ? choice.validation.features.rows : 0, test: first.n },
    tests,
    sweep: selection.sweep,
    final: final.report,
    weights,
    bias,
    seconds: { sweep: selection.seconds, final: (performance.now() - finalStart) / 1000 },
  };
}

const fitSettings = (C: number, options: LinearProbeOptions): FitSettings => ({ C, tol: options.tol, maxIterations: options.maxIterations });

/** Fits `fitSet` along the sweep (or the given list), each C scored on the held-out rows, and keeps the best. */
async function selectC(
  kernel: ProbeKernel,
  choice: Extract<Choice, { kind: 'validated' }>,
  fitSet: Encoded,
  { numClasses, predict, run }: { numClasses: number; predict: Predict; run: number },
  options: LinearProbeOptions,
): Promise<Selection> {
  const start = performance.now();
  const data = bindData(fitSet.features, fitSet.labels, numClasses);
  const sweep: SweepPoint[] = [];
  const fit: SweepFit<Fitted> = async (C, neighbours) => {
    const start = warmStartAt(C, neighbours.map((t) => ({ C: t.C, probe: t.probe.probe })));
    const fitted = await fitLogistic(kernel, data, fitSettings(C, options), start);
    const point = { ...fitted.report, trainAccuracy: (await predict(fitted.probe, fitSet)).accuracy, validationAccuracy: (await predict(fitted.probe, choice.validation)).accuracy };
    sweep.push(point);
    options.onFit?.({ stage: 'sweep', run, report: fitted.report, validationAccuracy: point.validationAccuracy });
    return { probe: fitted, score: point.validationAccuracy };
  };
  const { best } = choice.selection.kind === 'sweep' ? await searchC(choice.selection.grid, fit) : await tryCs(choice.selection.values, fit);
  return { C: best.C, validation: best.score, sweep, best: best.probe, seconds: (performance.now() - start) / 1000 };
}
