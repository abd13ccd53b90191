import { ClipEvalError } from '../../core/errors.js';
import { normalizeRows } from '../../core/linalg.js';
import { HARNESS_VERSION } from '../../core/version.js';
import { getCompositionBenchmark } from '../../datasets/compositionality/registry.js';
import type { CompositionItem, OpenedBenchmark } from '../../datasets/compositionality/types.js';
import { hashJson } from '../../features/file-hash.js';
import { streamImageFeatures } from '../../features/image-stream.js';
import type { Runtime } from '../../features/runtime.js';
import { embedTexts } from '../../features/text-features.js';
import { benchmarkImages, itemImages } from './images.js';
import { aggregateScores, scoreItem, type CompositionScores, type ScoredItem } from './score.js';

export interface CompositionalityOptions {
  /** A name of the compositionality registry. */
  readonly dataset: string;
  readonly data: string;
  readonly batchSize: number;
  /** Only the first N items. */
  readonly limit?: number;
  readonly quiet?: boolean;
}

/** An item that could not be scored: one of its images failed, named with its path and why. */
export interface FailedItem {
  readonly index: number;
  readonly id: string;
  readonly path: string;
  readonly reason: string;
}

/** metrics.json of a compositionality run (fractions in [0, 1]). */
export type CompositionalityMetrics = CompositionScores & {
  readonly task: 'compositionality';
  readonly model: string;
  readonly model_sha256: string;
  readonly dtype: string;
  readonly dataset: string;
  readonly files: readonly string[];
  readonly n_failed: number;
  readonly feature_cache: { readonly hits: number; readonly computed: number; readonly dir: string | null };
  readonly seconds: { readonly images: number; readonly text: number; readonly total: number };
  readonly config_hash: string;
  readonly harness_version: string;
  readonly time: string;
};

export interface CompositionalityRun {
  readonly benchmark: OpenedBenchmark;
  readonly title: string;
  readonly metrics: CompositionalityMetrics;
  readonly scored: readonly ScoredItem[];
  readonly failures: readonly FailedItem[];
}

function captionsOf(item: CompositionItem): readonly string[] {
  return item.captions;
}

/**
 * A compositionality benchmark with an opened runtime: every distinct image through the feature stream
 * (cached), every distinct caption through the text side, cosines of the L2-normalised embeddings scored item
 * by item. An item whose image fails is counted and listed, never dropped silently.
 */
export async function runCompositionality(runtime: Runtime, options: CompositionalityOptions): Promise<CompositionalityRun> {
  const started = performance.now();
  const info = getCompositionBenchmark(options.dataset);
  const opened = await info.open(options.data);
  const benchmark: OpenedBenchmark = options.limit === undefined ? opened : { ...opened, items: opened.items.slice(0, options.limit) };
  const { dataset } = benchmarkImages(benchmark);

  const imageRows = new Map<string, Float32Array>();
  const failedImages = new Map<string, { path: string; reason: string }>();
  const stream = streamImageFeatures(runtime, dataset, { batchSize: options.batchSize, label: `compositionality ${benchmark.name}`, quiet: options.quiet ?? false });
  const output = stream.outputs[0]!;
  for await (const batch of stream) {
    const unit = normalizeRows(batch.features[output]!);
    batch.items.forEach(({ sample }, i) => imageRows.set(sample.id, unit.data.slice(i * unit.cols, (i + 1) * unit.cols)));
    for (const f of batch.failures) failedImages.set(f.sample.id, { path: f.sample.source.kind === 'file' ? f.sample.source.path : f.sample.id, reason: f.reason });
  }
  const imageSeconds = (performance.now() - started) / 1000;

  const captions = [...new Set(benchmark.items.flatMap(captionsOf))];
  const text = normalizeRows(await embedTexts(runtime, captions));
  const captionRow = new Map(captions.map((c, i) => [c, text.data.subarray(i * text.cols, (i + 1) * text.cols)]));
  const textSeconds = (performance.now() - started) / 1000 - imageSeconds;

  const scored: ScoredItem[] = [];
  const failures: FailedItem[] = [];
  benchmark.items.forEach((item, index) => {
    const images = itemImages(item);
    const failed = images.find((im) => !imageRows.has(im.id));
    if (failed) {
      const why = failedImages.get(failed.id) ?? { path: failed.id, reason: 'image was not embedded' };
      failures.push({ index, id: item.id, path: why.path, reason: why.reason });
      return;
    }
    scored.push(scoreItem(index, item, images.map((im) => imageRows.get(im.id)!), captionsOf(item).map((c) => captionRow.get(c)!)));
  });
  if (scored.length === 0) {
    throw new ClipEvalError('DATASET', `${benchmark.name}: none of the ${failures.length} items could be scored (first failure: ${failures[0]?.path ?? '-'}: ${failures[0]?.reason ?? '-'})`);
  }
  const scores = aggregateScores(scored, benchmark.kind, benchmark.groupings, benchmark.macro);
  const hashes = await runtime.hashes();
  const { stats } = stream;
  const metrics: CompositionalityMetrics = {
    task: 'compositionality',
    model: runtime.model.bundle.dir,
    model_sha256: hashes.vision,
    dtype: runtime.model.bundle.dtype,
    dataset: benchmark.name,
    files: benchmark.files,
    ...scores,
    n_failed: failures.length,
    feature_cache: { hits: stats.hits, computed: stats.computed, dir: stats.cacheDir },
    seconds: { images: imageSeconds, text: textSeconds, total: (performance.now() - started) / 1000 },
    config_hash: hashJson({ model_sha256: hashes.vision, text_sha256: hashes.text, dtype: runtime.model.bundle.dtype, preprocess: runtime.preprocess, dataset: benchmark.name, limit: options.limit ?? null }),
    harness_version: HARNESS_VERSION,
    time: new Date().toISOString(),
  };
  return { benchmark, title: info.title, metrics, scored, failures };
}
