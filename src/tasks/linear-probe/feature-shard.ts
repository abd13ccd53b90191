import { ClipEvalError } from '../../core/errors.js';
import type { ShardSpec } from '../../core/shard.js';
import { collectFeatures } from '../../features/collect.js';
import type { Runtime } from '../../features/runtime.js';
import { collectOptions, openProbeSplits, type ModelFeatureRequest } from './model-features.js';

const NEEDS_CACHE = '--shard computes features into the feature cache for a later unsharded run; it cannot be combined with --no-cache';

export interface ShardSummary {
  readonly shard: ShardSpec;
  readonly cacheDir: string;
  readonly featureOutput: string;
  /** The train split, then the test splits. */
  readonly splits: readonly ShardSplitSummary[];
}

export interface ShardSplitSummary {
  readonly split: string;
  /** Rows of this shard with features (the rest failed to decode). */
  readonly rows: number;
  /** Of those, how many were in the cache already. */
  readonly cached: number;
  readonly failed: number;
}

/**
 * The feature step of a sharded probe: computes shard I/N (dataset index mod N, as `embed` and `zeroshot`
 * shard) of the train and test splits into the feature cache, and fits nothing. A later unsharded run with
 * the same cache reads every shard's rows back; concurrent shards write chunks with per-writer names.
 */
export async function cacheProbeFeatureShard(runtime: Runtime, request: ModelFeatureRequest, shard: ShardSpec): Promise<ShardSummary> {
  if (runtime.cacheDir === undefined) {
    throw new ClipEvalError('USAGE', NEEDS_CACHE);
  }
  const opened = await openProbeSplits(request);
  const options = collectOptions(runtime, request, shard);
  const splits: ShardSplitSummary[] = [];
  for (const dataset of [opened.train, ...opened.tests]) {
    const got = await collectFeatures(runtime, dataset, options);
    splits.push({ split: dataset.split, rows: got.features.rows, cached: got.cacheHits, failed: got.nFailed });
  }
  return { shard, cacheDir: runtime.cacheDir, featureOutput: options.featureOutput, splits };
}
