import { DEFAULTS } from '../../config/defaults.js';
import { usageError } from '../../core/errors.js';
import { parseShard } from '../../core/shard.js';
import { openRuntime } from '../../features/runtime.js';
import { linearProbeJob } from '../../jobs/linear-probe.js';
import { fitProgressLine, PAPER_PROBE, type CSelection } from '../../tasks/linear-probe/run.js';
import { cacheProbeFeatureShard, type ShardSummary } from '../../tasks/linear-probe/feature-shard.js';
import type { ProbeSource } from '../../tasks/linear-probe/job.js';
import type { ModelFeatureRequest } from '../../tasks/linear-probe/model-features.js';
import { defineCommand } from '../command.js';
import { checkNumbers, withCompute, withOptionalDataset, withOptionalModel, withOut } from '../options.js';
import { runtimeOptions } from '../runtime-args.js';

/** A comma-list flag's text; a flag given twice arrives from yargs as an array, read as one list. */
const listText = (value: string | readonly string[]): string => [value].flat().join(',');

/** "0.1,0.316,1" -> [0.1, 0.316, 1] (a repeated --C adds to the list). */
export function parseCList(value: string | readonly string[]): number[] {
  const text = listText(value);
  const values = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0).map(Number);
  if (values.length === 0 || values.some((c) => !(Number.isFinite(c) && c > 0))) throw usageError(`--C ${text}: expected positive numbers separated by commas, e.g. --C 0.316 or --C 0.1,1,10`);
  return values;
}

/** "id, shift" -> ['id', 'shift'] (a repeated --test-split adds to the list). */
export function parseSplitList(value: string | readonly string[]): string[] {
  const text = listText(value);
  const splits = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (splits.length === 0) throw usageError(`--test-split '${text}': expected a split name or a comma list such as id,shift`);
  return splits;
}

/** What a sharded invocation says when it has cached its part. */
export function shardMessage(summary: ShardSummary): string {
  const { index, count } = summary.shard;
  const parts = summary.splits.map((s) => `${s.split} ${s.rows} (${s.rows - s.cached} computed, ${s.cached} from cache${s.failed > 0 ? `, ${s.failed} failed` : ''})`);
  return `linear-probe --shard ${index}/${count}: cached this shard's '${summary.featureOutput}' features in ${summary.cacheDir}: ${parts.join('; ')}. Nothing fitted: once every shard has run, run without --shard and with the same --cache-dir to fit from the cache.`;
}

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(2)}%`);

export const linearProbe = defineCommand({
  command: 'linear-probe',
  describe: "logistic-regression probe on frozen image features (the paper's second protocol): C chosen on a held-out part of train, scored on test",
  builder: (y) =>
    // --model and --data are optional here: --features replaces them.
    withOut(withCompute(withOptionalDataset(withOptionalModel(y))), 'linear-probe', 'metrics.json, weights.npy, bias.npy, sweep.vl.json')
      .option('train-split', { type: 'string', default: DEFAULTS.linearProbe.trainSplit, describe: 'split the probe is fitted on' })
      .option('test-split', { type: 'string', describe: "split(s) the probe is scored on, comma-separated: one fit, one results row per split (default: the adapter's own)" })
      .option('limit', { type: 'number', describe: 'only the first N samples of each split (for quick checks)' })
      .check(checkNumbers)
      .option('shard', { type: 'string', describe: 'I/N: only compute shard I of N (0-based) of the train and test features into the cache, and exit without fitting; a later run without --shard fits from the cache' })
      .option('feature-output', { type: 'string', describe: 'image-graph output to probe (default: a pre-projection output such as pooler_output when the export has one, else the embeddings)' })
      .option('features', { type: 'string', describe: 'folder with train_x.npy, train_y.npy, test_x.npy, test_y.npy (float32 [N,D], int64 [N]) instead of --model' })
      .option('C', { type: 'string', describe: 'inverse L2 strength(s): one value fits it directly; a comma list picks the best on validation (default: --sweep)' })
      .option('sweep', { type: 'boolean', describe: "the paper's coarse-to-fine search over C in [1e-6, 1e6] (default unless --C is given)" })
      .option('val-fraction', { type: 'number', default: DEFAULTS.linearProbe.valFraction, describe: 'fraction of each train class held out to choose C' })
      .option('tol', { type: 'number', default: DEFAULTS.linearProbe.tol, describe: "stop when every gradient component is at most this (scikit-learn's tol)" })
      .option('max-iter', { type: 'number', default: DEFAULTS.linearProbe.maxIterations, describe: 'L-BFGS iterations per fit at most' })
      .option('shots', { type: 'number', describe: 'few-shot: K train examples per class, repeated over --shot-seeds draws' })
      .option('shot-seeds', { type: 'number', default: DEFAULTS.linearProbe.shotSeeds, describe: 'few-shot draws (mean and spread are reported)' })
      .option('seed', { type: 'number', default: DEFAULTS.linearProbe.seed, describe: 'seed of the validation hold-out and the shot draws' })
      .conflicts('features', ['model', 'data', 'shard'])
      .conflicts('C', 'sweep')
      .check((args) => {
        if (args.features === undefined && (args.model === undefined || args.data === undefined)) throw usageError('give --model and --data (features computed or taken from the cache), or --features DIR');
        return true;
      }),
  async run(args) {
    const request: ModelFeatureRequest | undefined = args.features !== undefined
      ? undefined
      : {
          dataset: args.dataset,
          data: args.data!,
          trainSplit: args.trainSplit,
          ...(args.testSplit !== undefined ? { testSplits: parseSplitList(args.testSplit) } : {}),
          ...(args.featureOutput !== undefined ? { featureOutput: args.featureOutput } : {}),
          batchSize: args.batchSize,
          ...(args.limit !== undefined ? { limit: args.limit } : {}),
        };
    const runtime = request === undefined ? undefined : await openRuntime(runtimeOptions({ ...args, model: args.model! }), { texts: false });
    let metrics;
    try {
      if (args.shard !== undefined) {
        const summary = await cacheProbeFeatureShard(runtime!, request!, parseShard(args.shard));
        process.stderr.write(shardMessage(summary) + '\n');
        return;
      }
      const selection: CSelection = args.C !== undefined ? { kind: 'values', values: parseCList(args.C) } : PAPER_PROBE.selection;
      const source: ProbeSource = runtime === undefined ? { kind: 'files', dir: args.features! } : { kind: 'model', runtime, request: request! };
      metrics = await linearProbeJob(source, {
        selection,
        valFraction: args.valFraction,
        tol: args.tol,
        maxIterations: args.maxIter,
        seed: args.seed,
        ...(args.shots !== undefined ? { shots: { k: args.shots, seeds: args.shotSeeds } } : {}),
        threads: args.threads,
        onFit: (event) => process.stderr.write(`${fitProgressLine(event, 'linear-probe', args.shots !== undefined)}\n`),
      }, args.out, runtime?.cacheDir);
      if (metrics.result_cache === 'hit') process.stderr.write('linear-probe: fitted before on the same features and settings: read from the probe result cache\n');
    } finally {
      await runtime?.close();
    }
    const { n: draws, std } = metrics.test_accuracy_spread;
    const spread = draws > 1 ? ` ± ${pct(std)} over ${draws} draws` : '';
    const test = metrics.test_splits.length > 1 ? metrics.test_splits.map((t) => `${t.split} ${pct(t.accuracy)}`).join(', ') : pct(metrics.accuracy.test);
    process.stderr.write(`linear probe (C=${metrics.C.toPrecision(3)}, ${metrics.feature_output ?? 'features from files'}): test ${test}${spread}, validation ${pct(metrics.accuracy.validation)}, train ${pct(metrics.accuracy.train)} -> ${args.out}\n`);
  },
});
