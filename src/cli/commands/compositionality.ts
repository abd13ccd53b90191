import { openRuntime } from '../../features/runtime.js';
import { compositionalityJob } from '../../jobs/compositionality.js';
import { COMPOSITION_BENCHMARKS } from '../../datasets/compositionality/registry.js';
import { defineCommand } from '../command.js';
import { withCompute, withModel, withOut } from '../options.js';
import { runtimeOptions } from '../runtime-args.js';

export const compositionality = defineCommand({
  command: 'compositionality',
  describe: 'compositional image-text benchmarks: SugarCrepe, Winoground, ARO (VG-Relation, VG-Attribution, COCO-Order, Flickr30k-Order)',
  builder: (y) =>
    withOut(withCompute(withModel(y)), 'compositionality', 'metrics.json, predictions.csv, failures.csv, report')
      .option('dataset', { type: 'string', choices: Object.keys(COMPOSITION_BENCHMARKS), demandOption: true, describe: 'benchmark' })
      .option('data', { type: 'string', demandOption: true, describe: 'benchmark root on disk, as distributed' })
      .option('limit', { type: 'number', describe: 'only the first N items (for quick checks)' }),
  async run(args) {
    const runtime = await openRuntime(runtimeOptions(args));
    try {
      const { metrics } = await compositionalityJob(runtime, {
        dataset: args.dataset,
        data: args.data,
        batchSize: args.batchSize,
        ...(args.limit !== undefined ? { limit: args.limit } : {}),
        out: args.out,
      });
      const pct = (x: number | null | undefined) => (x === undefined || x === null ? '-' : `${(100 * x).toFixed(2)}%`);
      const figures = 'accuracy' in metrics.scores
        ? `accuracy ${pct(metrics.scores.accuracy)}${metrics.macro ? `, macro accuracy ${pct(metrics.macro.value)}` : ''}`
        : `text ${pct(metrics.scores.text_score)}, image ${pct(metrics.scores.image_score)}, group ${pct(metrics.scores.group_score)}`;
      process.stderr.write(`${metrics.dataset}: ${figures} on ${metrics.n} items (${metrics.n_failed} failed) -> ${args.out}\n`);
    } finally {
      await runtime.close();
    }
  },
});
