import { DEFAULTS } from '../config/defaults.js';
import { ClipEvalError } from '../core/errors.js';
import { createProgress } from '../core/progress.js';
import type { ShardSpec } from '../core/shard.js';
import { concatRows, type Matrix } from '../core/tensor.js';
import type { OpenedDataset } from '../datasets/types.js';
import { imageFeatureKey, modelHashes, openFeatureStore } from '../features/cache-keys.js';
import { embedDataset } from '../features/embed-dataset.js';
import type { FeatureStore } from '../features/store.js';
import type { Runtime } from './runtime.js';

/** How a split is embedded: which output, batch size, which samples. */
export interface FeatureOptions {
  /** Name of the model output to use as features (e.g. a pre-projection output); default: the image embeddings. */
  readonly featureOutput?: string;
  readonly batchSize?: number;
  readonly limit?: number;
  readonly shard?: ShardSpec;
  readonly quiet?: boolean;
}

export interface LabelledFeatures {
  /** [N, D] raw (not normalised) features of the images that decoded, in dataset order. */
  readonly features: Matrix;
  readonly labels: Int32Array;
  readonly ids: readonly string[];
  /** Dataset order index of each row. */
  readonly indices: Int32Array;
  readonly classnames: readonly string[];
  readonly attrs: readonly (Readonly<Record<string, string>> | undefined)[];
  /** The model output the features came from. */
  readonly featureOutput: string;
  readonly nFailed: number;
  readonly cacheHits: number;
}

/** Embeds a whole split into memory with an opened runtime (features come from the cache where present). */
export async function collectFeatures(runtime: Runtime, dataset: OpenedDataset, options: FeatureOptions): Promise<LabelledFeatures> {
  const model = runtime.model;
  const output = options.featureOutput ?? model.bundle.vision.output;
  if (!model.imageOutputs.includes(output)) {
    throw new ClipEvalError('USAGE', `--feature-output ${output}: the image graph has no such float output (available: ${model.imageOutputs.join(', ')})`);
  }
  let store: FeatureStore | undefined;
  if (runtime.cacheDir) {
    const hashes = await modelHashes(model.bundle, runtime.cacheDir);
    store = await openFeatureStore(runtime.cacheDir, imageFeatureKey(hashes.vision, model.bundle, output));
  }
  const total = dataset.size === undefined ? undefined : Math.min(dataset.size, options.limit ?? Infinity);
  const progress = createProgress({ label: `embed ${dataset.name}/${dataset.split}`, total, quiet: options.quiet ?? false });
  const parts: Matrix[] = [];
  const labels: number[] = [];
  const ids: string[] = [];
  const indices: number[] = [];
  const attrs: (Readonly<Record<string, string>> | undefined)[] = [];
  let failed = 0;
  let hits = 0;
  try {
    for await (const batch of embedDataset(dataset, model, runtime.pool, {
      batchSize: options.batchSize ?? DEFAULTS.batchSize,
      outputs: [output],
      ...(store ? { stores: { [output]: store } } : {}),
      prefetchBatches: DEFAULTS.prefetchBatches,
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(options.shard ? { shard: options.shard } : {}),
      progress,
    })) {
      parts.push(batch.features[output]!);
      failed += batch.failures.length;
      hits += batch.cached;
      for (const { index, sample } of batch.items) {
        labels.push(sample.label);
        ids.push(sample.id);
        indices.push(index);
        attrs.push(sample.attrs);
      }
    }
  } finally {
    await store?.close();
  }
  progress.done(`${hits} from cache, ${failed} failed`);
  const width = parts.find((p) => p.rows > 0)?.cols ?? 0;
  return {
    features: concatRows(parts.filter((p) => p.rows > 0), width),
    labels: Int32Array.from(labels),
    ids,
    indices: Int32Array.from(indices),
    classnames: dataset.labels?.names ?? dataset.classnames,
    attrs,
    featureOutput: output,
    nFailed: failed,
    cacheHits: hits,
  };
}
