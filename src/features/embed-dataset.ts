import pLimit from 'p-limit';
import { ClipEvalError, isClipEvalError, oneLine } from '../core/errors.js';
import type { Progress } from '../core/progress.js';
import type { Sample } from '../core/sample.js';
import { inShard, type ShardSpec } from '../core/shard.js';
import { matrix, tensor, type Matrix } from '../core/tensor.js';
import type { OpenedDataset } from '../datasets/types.js';
import type { PreprocessPool } from '../image/pool.js';
import type { ClipModel } from '../model/clip-model.js';
import { sampleIdentity } from './sample-identity.js';
import type { FeatureStore } from './store.js';

export interface IndexedSample {
  /** Position in the dataset's own order (before sharding and limits): the row order of every output. */
  readonly index: number;
  readonly sample: Sample;
}

export interface FailedSample extends IndexedSample {
  readonly reason: string;
}

export interface EmbeddedBatch {
  /** The samples that were embedded, in dataset order; row i of each feature matrix belongs to items[i]. */
  readonly items: readonly IndexedSample[];
  readonly features: Readonly<Record<string, Matrix>>;
  readonly failures: readonly FailedSample[];
  /** How many of the items came from the cache. */
  readonly cached: number;
}

export interface EmbedOptions {
  readonly batchSize: number;
  /** Model outputs to compute; each may have a store. */
  readonly outputs: readonly string[];
  /**
   * The outputs' feature stores; while they are a promise (their key awaits a graph's hash), every image is
   * decoded, and those the stores turn out to hold are read back instead of encoded.
   */
  readonly stores?: Readonly<Record<string, FeatureStore>> | Promise<Readonly<Record<string, FeatureStore>>>;
  /** Batches being decoded ahead of the one the model runs. */
  readonly prefetchBatches: number;
  readonly limit?: number;
  readonly shard?: ShardSpec;
  readonly progress?: Progress;
}

/** The samples this run covers: the first `limit` of the dataset, then those of the shard. */
export async function* selectSamples(dataset: OpenedDataset, limit?: number, shard?: ShardSpec): AsyncGenerator<IndexedSample> {
  let index = 0;
  for await (const sample of dataset.samples()) {
    if (limit !== undefined && index >= limit) break;
    if (inShard(index, shard)) yield { index, sample };
    index++;
  }
}

async function* chunks<T>(items: AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  let chunk: T[] = [];
  for await (const item of items) {
    chunk.push(item);
    if (chunk.length === size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

type Slot =
  | { readonly kind: 'cached'; readonly item: IndexedSample; readonly key: Buffer }
  /** Being preprocessed into its place in the batch memory: resolves to undefined, or why it failed. */
  | { readonly kind: 'pending'; readonly item: IndexedSample; readonly key: Buffer | undefined; readonly done: Promise<string | undefined> }
  | { readonly kind: 'failed'; readonly item: IndexedSample; readonly reason: string };

/** A chunk of samples on its way through preprocessing, and the batch memory its pixels go to. */
interface Prepared {
  readonly slots: Promise<Slot[]>;
  readonly pixels: Float32Array;
}

/**
 * The one place that tells a bad image from a bug: an image that cannot be read, decoded or preprocessed
 * (a ClipEvalError of code IMAGE) is a counted failure with its reason, folded to one line (libvips' messages
 * span several, and failures.csv has one row per image); anything else is thrown, stack and all.
 */
export function failureReason(error: unknown): string {
  if (isClipEvalError(error) && error.code === 'IMAGE') return oneLine(error.message);
  throw error;
}

/**
 * Embeds a dataset in batches, in dataset order: cached rows are read back, the rest decoded and
 * preprocessed concurrently (the next batches are decoded while the model runs this one), encoded, and
 * stored. Images that fail to decode are reported per batch, never dropped silently.
 */
export async function* embedDataset(dataset: OpenedDataset, model: ClipModel, pool: PreprocessPool, options: EmbedOptions): AsyncGenerator<EmbeddedBatch> {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) throw new ClipEvalError('USAGE', `--batch-size must be a positive integer, got ${options.batchSize}`);
  const storesGiven = options.stores ?? {};
  let stores: Readonly<Record<string, FeatureStore>> | undefined = storesGiven instanceof Promise ? undefined : storesGiven;
  const storesReady = Promise.resolve(storesGiven).then((s) => (stores = s));
  storesReady.catch(() => undefined); // the first batch's finish() rethrows it
  const cacheable = storesGiven instanceof Promise || options.outputs.every((o) => storesGiven[o] !== undefined);
  const holds = (key: Buffer) => options.outputs.every((o) => stores![o]?.has(key) ?? false);
  // Images handed to the pool at once: its capacity (a batch or so ahead), so that only about that many encoded
  // images wait in memory beyond the batches being prepared; decoded pixels are bounded by the pool's
  // per-thread budget of --max-pixels (src/image/pixel-budget.ts), so memory holds whatever the files are.
  const limit = pLimit(Math.max(1, pool.capacity));
  const size = model.bundle.preprocess.cropSize;
  const pixelsPerImage = 3 * size * size;

  // Batch memory, allocated once and reused in turn: while batch n is prepared, batches n-P .. n-1 are in
  // flight (P = prefetchBatches) and batch n-P-1 has been encoded, so P + 1 buffers are enough.
  const buffers = Array.from({ length: options.prefetchBatches + 1 }, () => pool.allocate(options.batchSize));
  const modelInput = new Float32Array(options.batchSize * pixelsPerImage);
  let prepared = 0;

  const prepare = (chunk: IndexedSample[]): Prepared => {
    const pixels = buffers[prepared++ % buffers.length]!;
    const slots = Promise.all(
      chunk.map(async (item, i): Promise<Slot> => {
        let key: Buffer | undefined;
        if (cacheable) {
          try {
            key = await sampleIdentity(item.sample);
          } catch (error) {
            return { kind: 'failed', item, reason: failureReason(error) };
          }
          if (stores !== undefined && holds(key)) return { kind: 'cached', item, key };
        }
        const options_ = item.sample.borderCrop ? { borderCrop: item.sample.borderCrop } : undefined;
        const target = pixels.subarray(i * pixelsPerImage, (i + 1) * pixelsPerImage);
        const done = limit(() => pool.preprocess(item.sample.source, target, options_)).then(() => undefined, failureReason);
        return { kind: 'pending', item, key, done };
      }),
    );
    return { slots, pixels };
  };

  const finish = async ({ slots: prepared, pixels }: Prepared): Promise<EmbeddedBatch> => {
    const held = await storesReady;
    const decoding = await prepared;
    // Decoded before the stores were known: what they hold is read back (its pixels are not used).
    const slots = decoding.map((s): Slot => (s.kind === 'pending' && s.key !== undefined && holds(s.key) ? { kind: 'cached', item: s.item, key: s.key } : s));
    // Every request is awaited, read back or not: none may still write into this batch memory when it is reused.
    const settled = await Promise.all(decoding.map(async (s) => (s.kind === 'pending' ? await s.done : undefined)));
    const failures: FailedSample[] = [];
    const toRun: number[] = [];
    slots.forEach((s, i) => {
      if (s.kind === 'failed') failures.push({ ...s.item, reason: s.reason });
      else if (s.kind === 'pending' && settled[i] !== undefined) failures.push({ ...s.item, reason: settled[i] });
      else if (s.kind === 'pending') toRun.push(i);
    });
    let computed: Record<string, Matrix> = {};
    if (toRun.length > 0) {
      // onnxruntime refuses shared memory as input: the images to run are gathered into one plain buffer.
      const batch = modelInput.subarray(0, toRun.length * pixelsPerImage);
      toRun.forEach((slot, j) => batch.set(pixels.subarray(slot * pixelsPerImage, (slot + 1) * pixelsPerImage), j * pixelsPerImage));
      computed = await model.encodeImages(tensor(batch, [toRun.length, 3, size, size]), options.outputs);
    }
    const okSlots = slots.map((s, i) => ({ s, i })).filter(({ s, i }) => s.kind === 'cached' || toRun.includes(i));
    const features: Record<string, Matrix> = {};
    for (const output of options.outputs) {
      const width = computed[output]?.cols ?? held[output]?.width ?? 0;
      const data = new Float32Array(okSlots.length * width);
      let runRow = 0;
      for (const [row, { s }] of okSlots.entries()) {
        if (s.kind === 'cached') {
          const stored = await held[output]!.get(s.key);
          if (!stored) throw new ClipEvalError('CACHE', `feature cache lost the row of ${s.item.sample.id}`);
          data.set(stored, row * width);
        } else {
          const values = computed[output]!.data.subarray(runRow * width, (runRow + 1) * width);
          data.set(values, row * width);
          if (s.kind === 'pending' && s.key) await held[output]?.put(s.key, values);
          runRow++;
        }
      }
      features[output] = matrix(data, okSlots.length, width);
    }
    const cached = okSlots.filter(({ s }) => s.kind === 'cached').length;
    options.progress?.tick(slots.length);
    return { items: okSlots.map(({ s }) => s.item), features, failures, cached };
  };

  const inflight: Prepared[] = [];
  for await (const chunk of chunks(selectSamples(dataset, options.limit, options.shard), options.batchSize)) {
    inflight.push(prepare(chunk));
    if (inflight.length > options.prefetchBatches) yield await finish(inflight.shift()!);
  }
  while (inflight.length > 0) yield await finish(inflight.shift()!);
  await Promise.all(Object.values(await storesReady).map((s) => s.flush()));
}
