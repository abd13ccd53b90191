import { DEFAULTS } from '../../config/defaults.js';
import { ClipEvalError } from '../../core/errors.js';
import type { Skip } from '../../core/sample.js';
import type { ShardSpec } from '../../core/shard.js';
import type { Matrix } from '../../core/tensor.js';
import { HARNESS_VERSION } from '../../core/version.js';
import { openCaptionedDataset } from '../../datasets/retrieval/registry.js';
import type { CaptionedDataset } from '../../datasets/retrieval/types.js';
import { collectFeatures } from '../../features/collect.js';
import { hashJson } from '../../features/file-hash.js';
import type { Runtime } from '../../features/runtime.js';
import { embedTexts } from '../../features/text-features.js';
import { buildClassifier } from '../../prompts/ensemble.js';
import { renderPrompts } from '../../prompts/render.js';
import { resolveTemplates, type ResolvedTemplates } from '../../prompts/resolve.js';
import { openRankKernel } from './kernel.js';
import { retrievalFigures, type RetrievalRunMetrics } from './result.js';
import { scoreRetrieval, type RetrievalScores } from './score.js';

export interface RetrievalOptions {
  readonly dataset: string;
  readonly data: string;
  readonly split?: string;
  readonly language?: string;
  /** A template set or file wrapping each caption (several are averaged, normalised first); none by default. */
  readonly templates?: string;
  readonly ks: readonly number[];
  readonly batchSize: number;
  readonly limit?: number;
  /** onnxruntime threads of the ranking kernel (0 = one per core). */
  readonly threads: number;
  readonly quiet?: boolean;
}

/** One scored caption: its text, the dataset index of its caption and the gallery row of its image. */
export interface ScoredCaption {
  readonly index: number;
  readonly text: string;
  readonly row: number;
}

export interface RetrievalFailure {
  readonly index: number;
  readonly path: string;
  readonly reason: string;
  /** Captions left out of the queries with the image. */
  readonly captions: number;
}

/** A scored retrieval run: the typed result its writer and report section read. */
export interface RetrievalRun {
  readonly metrics: RetrievalRunMetrics;
  readonly scores: RetrievalScores;
  /** Gallery rows: each image's id and dataset index. */
  readonly images: { readonly ids: readonly string[]; readonly indices: Int32Array };
  readonly captions: readonly ScoredCaption[];
  readonly failures: readonly RetrievalFailure[];
  readonly skips: readonly Skip[];
}

/** recall@1 is always scored (mean_recall@1 needs it); the rest as asked, sorted. */
export function recallKs(ks: readonly number[]): number[] {
  for (const k of ks) if (!Number.isInteger(k) || k < 1) throw new ClipEvalError('USAGE', `--recall-k: '${k}' is not a positive whole number`);
  return [...new Set([1, ...ks])].sort((a, b) => a - b);
}

/** Caption features: each caption as it is, or wrapped in each template with the embeddings ensembled. */
async function captionFeatures(runtime: Runtime, texts: readonly string[], templates: ResolvedTemplates | undefined): Promise<Matrix> {
  if (templates === undefined) return embedTexts(runtime, texts);
  return buildClassifier(await embedTexts(runtime, renderPrompts(templates.templates, texts)), templates.templates.length, 'mean-of-normalized');
}

/**
 * Zero-shot image-text retrieval of one captioned split: image features from the feature stream (cached, so
 * nothing another task encoded is encoded again), caption features from the text side (cached), ranked both
 * ways in blocks. Images that fail are counted and their captions left out of the queries.
 */
export async function runRetrieval(runtime: Runtime, options: RetrievalOptions, opened?: CaptionedDataset): Promise<RetrievalRun> {
  const started = performance.now();
  const dataset = opened ?? (await openCaptionedDataset(options.dataset, options.data, options.split, options.language ?? 'en'));
  const ks = recallKs(options.ks);
  const templates = options.templates === undefined ? undefined : await resolveTemplates(options.templates, 'single');
  const hashes = await runtime.hashes();
  const features = await collectFeatures(runtime, dataset.images, {
    batchSize: options.batchSize,
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    label: `retrieval ${dataset.name}/${dataset.split} images`,
    quiet: options.quiet ?? false,
  });
  const imageSeconds = (performance.now() - started) / 1000;
  if (features.features.rows === 0) throw new ClipEvalError('DATASET', `${dataset.name}/${dataset.split}: none of the ${features.nFailed} images could be read`);

  // Gallery row of each embedded image (labels are dataset indices); captions of other images drop out.
  const rowOf = new Map<number, number>();
  features.labels.forEach((index, row) => rowOf.set(index, row));
  const failedCaptions = new Map<number, number>();
  const failedIndices = new Set(features.failures.map((f) => f.index));
  const captions: ScoredCaption[] = [];
  dataset.captions().forEach(({ text, image }, index) => {
    const row = rowOf.get(image);
    if (row !== undefined) captions.push({ index, text, row });
    else if (failedIndices.has(image)) failedCaptions.set(image, (failedCaptions.get(image) ?? 0) + 1);
  });
  const captionMatrix = await captionFeatures(runtime, captions.map((c) => c.text), templates);
  const textSeconds = (performance.now() - started) / 1000 - imageSeconds;

  const kernel = await openRankKernel({ threads: options.threads });
  let scores: RetrievalScores;
  try {
    scores = await scoreRetrieval(
      { images: features.features, captions: captionMatrix, captionImage: Int32Array.from(captions, (c) => c.row) },
      { ks, bootstrap: DEFAULTS.bootstrap, kernel: { rank: (block, targets, correct, start) => kernel.rank(block, targets, correct, start) } },
    );
  } finally {
    await kernel.release();
  }
  const failures = features.failures.map((f) => ({ index: f.index, path: f.sample.id, reason: f.reason, captions: failedCaptions.get(f.index) ?? 0 }));
  const skips = dataset.skipped();
  const { metrics: figures, intervals } = retrievalFigures(scores, ks);
  const config = {
    model_sha256: hashes.vision,
    text_sha256: hashes.text,
    dtype: runtime.model.bundle.dtype,
    preprocess: runtime.preprocess,
    dataset: dataset.name,
    split: dataset.split,
    language: dataset.language,
    templates: templates?.templates ?? null,
    recall_k: ks,
    limit: options.limit ?? null,
  };
  const total = (performance.now() - started) / 1000;
  const metrics: RetrievalRunMetrics = {
    task: 'retrieval',
    model: runtime.model.bundle.dir,
    model_sha256: hashes.vision,
    dtype: runtime.model.bundle.dtype,
    dataset: dataset.name,
    split: dataset.split,
    language: dataset.language,
    templates: templates ? { name: templates.name, count: templates.templates.length } : null,
    recall_k: ks,
    ...figures,
    intervals,
    n_images: features.features.rows,
    n_captions: captions.length,
    n_failed: failures.length,
    n_failed_captions: failures.reduce((s, f) => s + f.captions, 0),
    n_skipped: skips.length,
    feature_cache: { hits: features.cacheHits, computed: features.features.rows - features.cacheHits, dir: runtime.cacheDir ?? null },
    seconds: { images: imageSeconds, text: textSeconds, ranking: total - imageSeconds - textSeconds, total },
    config_hash: hashJson(config),
    harness_version: HARNESS_VERSION,
    time: new Date().toISOString(),
  };
  return { metrics, scores, images: { ids: features.ids, indices: features.indices }, captions, failures, skips };
}

export interface RetrievalShardSummary {
  readonly shard: ShardSpec;
  readonly cacheDir: string;
  readonly rows: number;
  readonly cached: number;
  readonly failed: number;
}

/**
 * `--shard I/N`: computes shard I of the image features (dataset index mod N) into the feature cache and
 * scores nothing; an unsharded run with the same cache then reads every image back.
 */
export async function cacheRetrievalShard(runtime: Runtime, options: RetrievalOptions, shard: ShardSpec): Promise<RetrievalShardSummary> {
  if (runtime.cacheDir === undefined) throw new ClipEvalError('USAGE', '--shard computes image features into the feature cache for a later unsharded run; it cannot be combined with --no-cache');
  const dataset = await openCaptionedDataset(options.dataset, options.data, options.split, options.language ?? 'en');
  const got = await collectFeatures(runtime, dataset.images, {
    batchSize: options.batchSize,
    shard,
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    label: `retrieval ${dataset.name}/${dataset.split} images, shard ${shard.index}/${shard.count}`,
    quiet: options.quiet ?? false,
  });
  return { shard, cacheDir: runtime.cacheDir, rows: got.features.rows, cached: got.cacheHits, failed: got.nFailed };
}
