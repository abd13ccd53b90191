import { DEFAULTS } from '../config/defaults.js';
import { ClipEvalError } from '../core/errors.js';
import { createProgress } from '../core/progress.js';
import type { ShardSpec } from '../core/shard.js';
import type { OpenedDataset } from '../datasets/types.js';
import { imageFeatureKey, openFeatureStore } from './cache-keys.js';
import { embedDataset, type EmbeddedBatch, type FailedSample } from './embed-dataset.js';
import type { Runtime } from './runtime.js';
import type { FeatureStore } from './store.js';

/** Which features of which samples a stream yields. */
export interface ImageStreamOptions {
  /** Image-graph outputs to yield (default: the image embeddings). Each is cached on its own. */
  readonly outputs?: readonly string[];
  readonly batchSize?: number;
  readonly limit?: number;
  readonly shard?: ShardSpec;
  /** What the progress line calls the work (default: `embed <dataset>/<split>`). */
  readonly label?: string;
  readonly quiet?: boolean;
}

/** What a stream has done so far; final once it has been iterated to the end. */
export interface StreamStats {
  /** Rows read back from the feature cache. */
  hits: number;
  /** Rows the model encoded. */
  computed: number;
  /** Images that could not be read, decoded or preprocessed (counted, never dropped silently). */
  readonly failures: FailedSample[];
  /** The cache folder of the first output, or null without a cache. */
  cacheDir: string | null;
}

export interface ImageFeatureStream extends AsyncIterable<EmbeddedBatch> {
  /** The outputs each batch holds, in the order asked. */
  readonly outputs: readonly string[];
  readonly stats: StreamStats;
  /**
   * Begins the first batches now, before the stream is iterated: the workers decode while the caller does
   * other work (a zero-shot run builds its classifier meanwhile). The next iteration continues this one.
   */
  start(): void;
  /** Ends a started stream that will not be iterated (the caller failed before): its stores close. */
  stop(): Promise<void>;
}

/** Checks output names against the graph before any work starts. */
function resolveOutputs(runtime: Runtime, requested: readonly string[] | undefined): readonly string[] {
  const outputs = requested ?? [runtime.model.bundle.vision.output];
  for (const output of outputs) {
    if (!runtime.model.imageOutputs.includes(output)) {
      throw new ClipEvalError('USAGE', `--feature-output ${output}: the image graph has no such float output (available: ${runtime.model.imageOutputs.join(', ')})`);
    }
  }
  return outputs;
}

/**
 * The one feature loop of the harness: the image features of a dataset split in batches, in dataset order,
 * read from the feature cache where present and encoded (and cached) otherwise, with progress on stderr.
 * Every task that needs image features iterates one of these; none opens stores or runs the model itself.
 */
export function streamImageFeatures(runtime: Runtime, dataset: OpenedDataset, options: ImageStreamOptions = {}): ImageFeatureStream {
  const outputs = resolveOutputs(runtime, options.outputs);
  const stats: StreamStats = { hits: 0, computed: 0, failures: [], cacheDir: null };
  async function* batches(): AsyncGenerator<EmbeddedBatch> {
    const quiet = options.quiet ?? false;
    const total = dataset.size === undefined ? undefined : Math.min(dataset.size, options.limit ?? Infinity);
    const progress = createProgress({ label: options.label ?? `embed ${dataset.name}/${dataset.split}`, total, quiet, intervalMs: DEFAULTS.progressIntervalMs });
    const cacheDir = runtime.cacheDir;
    const stores: Promise<Record<string, FeatureStore>> | undefined =
      cacheDir === undefined
        ? undefined
        : (async () => {
            const vision = await runtime.visionHash();
            const opened: Record<string, FeatureStore> = {};
            for (const output of outputs) opened[output] = await openFeatureStore(cacheDir, imageFeatureKey(vision, runtime.model.bundle, output));
            const first = opened[outputs[0]!]!;
            stats.cacheDir = first.dir;
            if (first.size > 0 && !quiet) process.stderr.write(`feature cache: ${first.size} image features on disk for this model (${first.dir})\n`);
            return opened;
          })();
    try {
      // A graph being hashed for the first time (the cache folder does not remember it, so its features are
      // very likely not cached either): the first batches decode meanwhile, and are checked against the cache
      // once its key is known, instead of waiting for the hash.
      const known = stores === undefined ? {} : runtime.visionHashKnown() ? await stores : stores;
      for await (const batch of embedDataset(dataset, runtime.model, runtime.pool, {
        batchSize: options.batchSize ?? DEFAULTS.batchSize,
        outputs,
        stores: known,
        prefetchBatches: DEFAULTS.prefetchBatches,
        ...(options.limit !== undefined ? { limit: options.limit } : {}),
        ...(options.shard ? { shard: options.shard } : {}),
        progress,
      })) {
        stats.failures.push(...batch.failures);
        stats.hits += batch.cached;
        stats.computed += batch.items.length - batch.cached;
        progress.tick(0, `${stats.hits} cached, ${stats.failures.length} failed`);
        yield batch;
      }
    } finally {
      const opened = await stores?.catch(() => undefined);
      await Promise.all(Object.values(opened ?? {}).map((s) => s.close()));
    }
    progress.done(`${stats.hits} from cache, ${stats.computed} encoded, ${stats.failures.length} failed`);
  }
  let started: { readonly batches: AsyncGenerator<EmbeddedBatch>; first: Promise<IteratorResult<EmbeddedBatch>> | undefined } | undefined;
  return {
    outputs,
    stats,
    start() {
      if (started !== undefined) return;
      const early = batches();
      const first = early.next();
      first.catch(() => undefined); // seen by whoever iterates (or stops) the stream
      started = { batches: early, first };
    },
    async stop() {
      if (started === undefined) return;
      await started.first?.catch(() => undefined);
      await started.batches.return(undefined);
    },
    [Symbol.asyncIterator]() {
      if (started === undefined) return batches();
      const current = started;
      started = undefined;
      return {
        next() {
          const first = current.first;
          current.first = undefined;
          return first ?? current.batches.next();
        },
        return: (value?: unknown) => current.batches.return(value as undefined),
        throw: (error?: unknown) => current.batches.throw(error),
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
  };
}
