import { join } from 'node:path';
import { csvLine } from '../../core/csv.js';
import { writeFileAtomic } from '../../core/fs.js';
import { encodeNpy } from '../../core/npy.js';
import { parseShard } from '../../core/shard.js';
import { collectFeatures } from '../../features/collect.js';
import { openDataset } from '../../tasks/open-dataset.js';
import { openRuntime } from '../../features/runtime.js';
import { defineCommand } from '../command.js';
import { withCompute, withDataset, withModel } from '../options.js';
import { runtimeOptions } from '../runtime-args.js';

export const embed = defineCommand({
  command: 'embed',
  describe: 'compute image features of a dataset split into the cache and write them as .npy',
  builder: (y) =>
    withCompute(withDataset(withModel(y)))
      .option('feature-output', { type: 'string', describe: "image-graph output to use (default: the embeddings; e.g. 'pooler_output' for pre-projection features)" })
      .option('out', { type: 'string', default: 'reports/embed', describe: 'output folder: features.npy, labels.npy, samples.csv' }),
  async run(args) {
    const runtime = await openRuntime(runtimeOptions(args));
    try {
      const { dataset } = await openDataset(args.dataset, args.data, args.split);
      const result = await collectFeatures(runtime, dataset, {
        batchSize: args.batchSize,
        ...(args.featureOutput !== undefined ? { featureOutput: args.featureOutput } : {}),
        ...(args.limit !== undefined ? { limit: args.limit } : {}),
        ...(args.shard !== undefined ? { shard: parseShard(args.shard) } : {}),
      });
      const { features } = result;
      await writeFileAtomic(join(args.out, 'features.npy'), encodeNpy({ dtype: 'float32', shape: [features.rows, features.cols], data: features.data }));
      await writeFileAtomic(join(args.out, 'labels.npy'), encodeNpy({ dtype: 'int64', shape: [result.labels.length], data: BigInt64Array.from(result.labels, BigInt) }));
      await writeFileAtomic(join(args.out, 'samples.csv'), csvLine(['index', 'path', 'label']) + result.ids.map((id, i) => csvLine([result.indices[i], id, result.classnames[result.labels[i]!]])).join(''));
      process.stderr.write(`${features.rows} features (${features.cols}-d, '${result.featureOutput}'), ${result.nFailed} failed -> ${args.out}\n`);
    } finally {
      await runtime.close();
    }
  },
});
