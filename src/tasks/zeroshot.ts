import { basename, join, resolve } from 'node:path';
import { existsSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { csvLine } from '../core/csv.js';
import { ClipEvalError } from '../core/errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../core/fs.js';
import { topK } from '../core/linalg.js';
import { encodeNpy } from '../core/npy.js';
import { NpyRowWriter } from '../core/npy-writer.js';
import { createProgress } from '../core/progress.js';
import type { Skip } from '../core/sample.js';
import type { ShardSpec } from '../core/shard.js';
import type { Matrix } from '../core/tensor.js';
import { HARNESS_VERSION } from '../core/version.js';
import { DEFAULTS } from '../config/defaults.js';
import type { OpenedDataset } from '../datasets/types.js';
import { modelHashes, imageFeatureKey, openFeatureStore } from '../features/cache-keys.js';
import { embedDataset, type FailedSample } from '../features/embed-dataset.js';
import { hashJson } from '../features/file-hash.js';
import { ClassificationCounter, rankLabels, type ClassificationMetrics } from '../metrics/classification.js';
import { buildClassifier, zeroShotLogits, type EnsembleMode } from '../prompts/ensemble.js';
import { renderSynonymPrompts } from '../prompts/render.js';
import { resolveClassnames, resolveTemplates } from '../prompts/resolve.js';
import { embedTextsWithModel } from './embed-texts.js';
import { RESULT_SCHEMA, type ResultRow } from './results/result-row.js';
import { recordResult } from './results/store.js';
import { openDataset } from './open-dataset.js';
import type { Runtime } from './runtime.js';

export interface ZeroShotOptions {
  readonly dataset: string;
  readonly data: string;
  readonly split?: string;
  /** `default`, a registered set, or a file. */
  readonly templates: string;
  readonly classnames?: string;
  readonly ensemble: EnsembleMode;
  readonly batchSize: number;
  readonly limit?: number;
  readonly shard?: ShardSpec;
  readonly out: string;
  readonly saveEmbeddings: boolean;
  readonly quiet?: boolean;
  /** How the run is named in result tables and plots (default: the model folder's name). */
  readonly label?: string;
}

export interface ZeroShotResult {
  readonly metrics: ZeroShotMetrics;
  readonly outDir: string;
}

export interface ZeroShotMetrics extends ClassificationMetrics {
  readonly task: 'zeroshot';
  readonly model: string;
  readonly model_sha256: string;
  readonly dtype: string;
  readonly dataset: string;
  readonly split: string;
  readonly protocol: string | null;
  readonly templates: { readonly name: string; readonly count: number };
  readonly ensemble: EnsembleMode;
  /** The figure the CLIP paper reports for this dataset, and its name. */
  readonly paper_metric: { readonly name: string; readonly value: number };
  readonly n_failed: number;
  readonly n_skipped: number;
  readonly shard: string | null;
  readonly feature_cache: { readonly hits: number; readonly computed: number; readonly dir: string | null };
  readonly seconds: { readonly text: number; readonly images: number; readonly total: number };
  readonly config_hash: string;
  readonly harness_version: string;
  readonly time: string;
}

function summarizeSkips(skips: readonly Skip[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of skips) counts[s.reason] = (counts[s.reason] ?? 0) + 1;
  return counts;
}

/**
 * The zero-shot classifier of a dataset: prompts -> text embeddings (cached) -> ensembled unit rows. Each
 * class is prompted with each of its names (one name per class unless `synonyms` gives several).
 */
export async function buildZeroShotClassifier(runtime: Runtime, names: readonly (readonly string[])[], templates: readonly string[], ensemble: EnsembleMode): Promise<Matrix> {
  const { prompts, counts } = renderSynonymPrompts(templates, names);
  const embeddings = await embedTextsWithModel(runtime.model, prompts, runtime.cacheDir);
  return buildClassifier(embeddings, counts, ensemble);
}

/**
 * Zero-shot classification of one dataset split with an opened runtime. Streams: predictions are written
 * as batches finish and metrics are counted on the way, so memory does not grow with the dataset.
 */
export async function runZeroShot(runtime: Runtime, options: ZeroShotOptions, opened?: OpenedDataset): Promise<ZeroShotResult> {
  const started = performance.now();
  if (options.shard && existsSync(join(options.out, 'metrics.json'))) {
    throw new ClipEvalError('SHARD', `${options.out} already holds results (metrics.json): give each shard its own --out folder; nothing was overwritten`);
  }
  const { adapter, dataset } = opened ? { adapter: undefined, dataset: opened } : await openDataset(options.dataset, options.data, options.split);
  const templateSet = await resolveTemplates(options.templates, dataset.templates ?? adapter?.templates ?? 'single');
  const classnames = await resolveClassnames(options.classnames, dataset.classnames);
  const labelNames = dataset.labels?.names ?? classnames;
  const model = runtime.model;
  const hashes = await modelHashes(model.bundle, runtime.cacheDir);

  // --classnames replaces every name of a class; otherwise the dataset's synonyms are prompted too.
  const names = options.classnames === undefined && dataset.synonyms ? dataset.synonyms : classnames.map((c) => [c]);
  const classifier = await buildZeroShotClassifier(runtime, names, templateSet.templates, options.ensemble);
  const textSeconds = (performance.now() - started) / 1000;

  const output = model.bundle.vision.output;
  const store = runtime.cacheDir ? await openFeatureStore(runtime.cacheDir, imageFeatureKey(hashes.vision, model.bundle, output)) : undefined;
  const progress = createProgress({ label: `zeroshot ${dataset.name}/${dataset.split}`, total: dataset.size === undefined ? undefined : Math.min(dataset.size, options.limit ?? Infinity), quiet: options.quiet ?? false });
  if (store && store.size > 0 && !options.quiet) process.stderr.write(`feature cache: ${store.size} image features on disk for this model (${store.dir})\n`);

  await mkdir(options.out, { recursive: true });
  const attributes = dataset.attributes ?? [];
  const predictionsPath = join(options.out, 'predictions.csv');
  const predictions = await open(`${predictionsPath}.partial`, 'w');
  await predictions.write(csvLine(['index', 'path', 'label', 'pred', 'correct', 'top5', ...attributes]));
  const embeddingsWriter = options.saveEmbeddings ? await NpyRowWriter.create(join(options.out, 'image_embeddings.npy')) : undefined;
  const counter = new ClassificationCounter(labelNames);
  const failures: FailedSample[] = [];
  let hits = 0;
  let computed = 0;
  try {
    const batches = embedDataset(dataset, model, runtime.pool, {
      batchSize: options.batchSize,
      outputs: [output],
      ...(store ? { stores: { [output]: store } } : {}),
      prefetchBatches: DEFAULTS.prefetchBatches,
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      ...(options.shard ? { shard: options.shard } : {}),
      progress,
    });
    for await (const batch of batches) {
      failures.push(...batch.failures);
      hits += batch.cached;
      computed += batch.items.length - batch.cached;
      const features = batch.features[output]!;
      const logits = zeroShotLogits(features, classifier);
      let lines = '';
      batch.items.forEach(({ index, sample }, i) => {
        const row = logits.data.subarray(i * logits.cols, (i + 1) * logits.cols);
        const ranked = rankLabels(topK(row, 5), dataset.labels?.classToLabel);
        counter.add(sample.label, ranked);
        const pred = ranked[0]!;
        lines += csvLine([index, sample.id, labelNames[sample.label], labelNames[pred], pred === sample.label ? 1 : 0, ranked.map((l) => labelNames[l]).join('|'), ...attributes.map((a) => sample.attrs?.[a] ?? '')]);
      });
      await predictions.write(lines);
      await embeddingsWriter?.append(features.data, features.cols);
      progress.tick(0, `${hits} cached, ${failures.length} failed`);
    }
  } catch (error) {
    await predictions.close();
    await embeddingsWriter?.abort();
    throw error;
  } finally {
    await store?.close();
  }
  await predictions.close();
  await rename(`${predictionsPath}.partial`, predictionsPath);
  await embeddingsWriter?.close();
  progress.done(`${hits} from cache, ${computed} encoded, ${failures.length} failed`);

  const metrics = counter.result();
  if (metrics.n === 0) {
    throw new ClipEvalError('DATASET', `${dataset.name}/${dataset.split}: none of the ${failures.length} images could be read (see ${join(options.out, 'failures.csv')})`);
  }
  if (options.saveEmbeddings) {
    await writeFileAtomic(join(options.out, 'classifier.npy'), encodeNpy({ dtype: 'float32', shape: [classifier.rows, classifier.cols], data: classifier.data }));
  }
  await writeFileAtomic(join(options.out, 'failures.csv'), csvLine(['index', 'path', 'reason']) + failures.map((f) => csvLine([f.index, f.sample.id, f.reason])).join(''));
  const skips = dataset.skipped();
  await writeFileAtomic(join(options.out, 'skipped.csv'), csvLine(['path', 'reason']) + skips.map((s) => csvLine([s.path, s.reason])).join(''));

  const paperMetric = adapter?.metric ?? 'top1';
  const config = {
    model_sha256: hashes.vision,
    text_sha256: hashes.text,
    dtype: model.bundle.dtype,
    preprocess: runtime.preprocess,
    dataset: dataset.name,
    split: dataset.split,
    protocol: dataset.protocol ?? null,
    templates: templateSet.templates,
    classnames: names,
    ensemble: options.ensemble,
    limit: options.limit ?? null,
  };
  const result: ZeroShotMetrics = {
    task: 'zeroshot',
    model: model.bundle.dir,
    model_sha256: hashes.vision,
    dtype: model.bundle.dtype,
    dataset: dataset.name,
    split: dataset.split,
    protocol: dataset.protocol ?? null,
    templates: { name: templateSet.name, count: templateSet.templates.length },
    ensemble: options.ensemble,
    ...metrics,
    paper_metric: { name: paperMetric, value: paperMetric === 'mean_per_class_recall' ? metrics.mean_per_class_recall : metrics.top1 },
    n_failed: failures.length,
    n_skipped: skips.length,
    shard: options.shard ? `${options.shard.index}/${options.shard.count}` : null,
    feature_cache: { hits, computed, dir: store?.dir ?? null },
    seconds: { text: textSeconds, images: (performance.now() - started) / 1000 - textSeconds, total: (performance.now() - started) / 1000 },
    config_hash: hashJson(config),
    harness_version: HARNESS_VERSION,
    time: new Date().toISOString(),
  };
  await writeJsonAtomic(join(options.out, 'metrics.json'), { ...result, skipped_reasons: summarizeSkips(skips) });
  // A shard's figures are partial: `clip-eval merge` records the run's row once all shards are in.
  if (!options.shard) await recordResult(options.out, zeroShotResultRow(result, options.label));
  return { metrics: result, outDir: options.out };
}

/** The results-store row of a zero-shot run. */
export function zeroShotResultRow(metrics: ZeroShotMetrics, label: string | undefined): ResultRow {
  return {
    schema: RESULT_SCHEMA,
    task: 'zeroshot',
    model: basename(resolve(metrics.model)),
    ...(label !== undefined ? { label } : {}),
    dataset: metrics.dataset,
    split: metrics.split,
    templates: metrics.templates.name,
    n: metrics.n,
    config_hash: metrics.config_hash,
    harness_version: metrics.harness_version,
    time: metrics.time,
    metrics: { top1: metrics.top1, top5: metrics.top5, mean_per_class_recall: metrics.mean_per_class_recall },
  };
}
