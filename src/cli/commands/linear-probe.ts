import { DEFAULTS } from '../../config/defaults.js';
import { usageError } from '../../core/errors.js';
import { linearProbeSweepSpec } from '../../report/specs/linear-probe-sweep.js';
import { LINEAR_PROBE_DEFAULTS } from '../../tasks/linear-probe/defaults.js';
import { linearProbeJob, type ProbeSource } from '../../tasks/linear-probe/job.js';
import type { CSelection } from '../../tasks/linear-probe/run.js';
import { defineCommand } from '../command.js';
import { withCompute } from '../options.js';
import { runtimeOptions } from '../runtime-args.js';

/** "0.1,0.316,1" -> [0.1, 0.316, 1]. */
export function parseCList(text: string): number[] {
  const values = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (values.length === 0 || values.some((c) => !(Number.isFinite(c) && c > 0))) throw usageError(`--C ${text}: expected positive numbers separated by commas, e.g. --C 0.316 or --C 0.1,1,10`);
  return values;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(2)}%`);

export const linearProbe = defineCommand({
  command: 'linear-probe',
  describe: "logistic-regression probe on frozen image features (the paper's second protocol): C chosen on a held-out part of train, scored on test",
  builder: (y) =>
    withCompute(y)
      // --model is optional here (--features replaces it), so the model flags are declared here rather than by withModel.
      .option('model', { type: 'string', describe: 'model folder whose image features are probed (or give --features)' })
      .option('dtype', { type: 'string', default: DEFAULTS.dtype, describe: 'model file variant' })
      .option('device', { type: 'string', default: DEFAULTS.device, describe: 'execution provider for the image tower' })
      .option('threads', { type: 'number', default: DEFAULTS.threads, describe: 'onnxruntime intra-op threads for the model and the probe (0 = one per core)' })
      .option('dataset', { type: 'string', default: 'imagefolder', describe: "dataset adapter (see 'clip-eval datasets')" })
      .option('data', { type: 'string', describe: 'dataset root on disk (with --model)' })
      .option('train-split', { type: 'string', default: LINEAR_PROBE_DEFAULTS.trainSplit, describe: 'split the probe is fitted on' })
      .option('test-split', { type: 'string', describe: "split the probe is scored on (default: the adapter's own)" })
      .option('limit', { type: 'number', describe: 'only the first N samples of each split (for quick checks)' })
      .option('feature-output', { type: 'string', describe: 'image-graph output to probe (default: a pre-projection output such as pooler_output when the export has one, else the embeddings)' })
      .option('features', { type: 'string', describe: 'folder with train_x.npy, train_y.npy, test_x.npy, test_y.npy (float32 [N,D], int64 [N]) instead of --model' })
      .option('C', { type: 'string', describe: 'inverse L2 strength(s): one value fits it directly; a comma list picks the best on validation (default: --sweep)' })
      .option('sweep', { type: 'boolean', describe: "the paper's coarse-to-fine search over C in [1e-6, 1e6] (default unless --C is given)" })
      .option('val-fraction', { type: 'number', default: LINEAR_PROBE_DEFAULTS.valFraction, describe: 'fraction of each train class held out to choose C' })
      .option('tol', { type: 'number', default: LINEAR_PROBE_DEFAULTS.tol, describe: "stop when every gradient component is at most this (scikit-learn's tol)" })
      .option('max-iter', { type: 'number', default: LINEAR_PROBE_DEFAULTS.maxIterations, describe: 'L-BFGS iterations per fit at most' })
      .option('shots', { type: 'number', describe: 'few-shot: K train examples per class, repeated over --shot-seeds draws' })
      .option('shot-seeds', { type: 'number', default: LINEAR_PROBE_DEFAULTS.shotSeeds, describe: 'few-shot draws (mean and spread are reported)' })
      .option('seed', { type: 'number', default: LINEAR_PROBE_DEFAULTS.seed, describe: 'seed of the validation hold-out and the shot draws' })
      .option('out', { type: 'string', default: 'reports/linear-probe', describe: 'output folder: metrics.json, weights.npy, bias.npy, sweep.vl.json' })
      .conflicts('features', ['model', 'data'])
      .conflicts('C', 'sweep')
      .check((args) => {
        if (args.features === undefined && (args.model === undefined || args.data === undefined)) throw usageError('give --model and --data (features computed or taken from the cache), or --features DIR');
        return true;
      }),
  async run(args) {
    const selection: CSelection = args.C !== undefined ? { kind: 'values', values: parseCList(args.C) } : LINEAR_PROBE_DEFAULTS.selection;
    const source: ProbeSource = args.features !== undefined
      ? { kind: 'files', dir: args.features }
      : {
          kind: 'model',
          runtime: runtimeOptions({ ...args, model: args.model! }),
          request: {
            dataset: args.dataset,
            data: args.data!,
            trainSplit: args.trainSplit,
            ...(args.testSplit !== undefined ? { testSplit: args.testSplit } : {}),
            ...(args.featureOutput !== undefined ? { featureOutput: args.featureOutput } : {}),
            batchSize: args.batchSize,
            ...(args.limit !== undefined ? { limit: args.limit } : {}),
          },
        };
    const metrics = await linearProbeJob(source, {
      selection,
      valFraction: args.valFraction,
      tol: args.tol,
      maxIterations: args.maxIter,
      seed: args.seed,
      ...(args.shots !== undefined ? { shots: { k: args.shots, seeds: args.shotSeeds } } : {}),
      threads: args.threads,
      onFit: ({ stage, run, report, validationAccuracy }) => {
        const note = report.converged ? '' : ` NOT CONVERGED (${report.stop})`;
        process.stderr.write(`linear-probe${args.shots !== undefined ? ` draw ${run + 1}` : ''} ${stage} C=${report.C.toPrecision(3)}: ${report.iterations} iterations, ${report.seconds.toFixed(1)}s${validationAccuracy !== undefined ? `, validation ${pct(validationAccuracy)}` : ''}${note}\n`);
      },
    }, args.out, (m) => linearProbeSweepSpec(m));
    const { n: draws, std } = metrics.test_accuracy_spread;
    const spread = draws > 1 ? ` ± ${pct(std)} over ${draws} draws` : '';
    process.stderr.write(`linear probe (C=${metrics.C.toPrecision(3)}, ${metrics.feature_output ?? 'features from files'}): test ${pct(metrics.accuracy.test)}${spread}, validation ${pct(metrics.accuracy.validation)}, train ${pct(metrics.accuracy.train)} -> ${args.out}\n`);
  },
});
