import { parseShard } from '../../core/shard.js';
import { collectFeatures } from '../../features/collect.js';
import { openDataset } from '../../tasks/open-dataset.js';
import { openRuntime } from '../../features/runtime.js';
import { writeEmbeddings } from '../../tasks/embed/writer.js';
import { defineCommand } from '../command.js';
import { withCompute, withDataset, withModel, withOut, withSamples } from '../options.js';
import { runtimeOptions } from '../runtime-args.js';

export const embed = defineCommand({
  command: 'embed',
  describe: 'compute image features of a dataset split into the cache and write them as .npy',
  builder: (y) =>
    withOut(withCompute(withSamples(withDataset(withModel(y)))), 'embed', 'features.npy, labels.npy, samples.csv')
      .option('feature-output', { type: 'string', describe: "image-graph output to use (default: the embeddings; e.g. 'pooler_output' for pre-projection features)" }),
  async run(args) {
    const runtime = await openRuntime(runtimeOptions(args), { texts: false });
    try {
      const { dataset } = await openDataset(args.dataset, args.data, args.split);
      const result = await collectFeatures(runtime, dataset, {
        batchSize: args.batchSize,
        ...(args.featureOutput !== undefined ? { featureOutput: args.featureOutput } : {}),
        ...(args.limit !== undefined ? { limit: args.limit } : {}),
        ...(args.shard !== undefined ? { shard: parseShard(args.shard) } : {}),
      });
      await writeEmbeddings(args.out, result);
      const { features } = result;
      process.stderr.write(`${features.rows} features (${features.cols}-d, '${result.featureOutput}'), ${result.nFailed} failed -> ${args.out}\n`);
    } finally {
      await runtime.close();
    }
  },
});
