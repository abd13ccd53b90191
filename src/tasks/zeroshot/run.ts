import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ClipEvalError, usageError } from '../../core/errors.js';
import type { ShardSpec } from '../../core/shard.js';
import { HARNESS_VERSION } from '../../core/version.js';
import type { OpenedDataset } from '../../datasets/types.js';
import { hashJson } from '../../features/file-hash.js';
import { headIsComplete } from '../../model/scoring-head.js';
import { streamImageFeatures } from '../../features/image-stream.js';
import type { Runtime } from '../../features/runtime.js';
import type { EnsembleMode } from '../../prompts/ensemble.js';
import { DEFAULT_LANGUAGE, resolveLanguage } from '../../prompts/languages.js';
import { resolveClassnames, resolvePrompts } from '../../prompts/resolve.js';
import { openDataset } from '../open-dataset.js';
import { buildClassPromptClassifier, buildZeroShotClassifier } from './classifier.js';
import { noProbabilitiesReason, scoringRecord, type ZeroShotMetrics } from './result.js';
import { scoreZeroShot } from './score.js';
import { ZEROSHOT_FILES, ZeroShotWriter } from './writer.js';

export interface ZeroShotOptions {
  readonly dataset: string;
  readonly data: string;
  readonly split?: string;
  /** `default`, a registered set, a file, or a class-prompt file (a JSON object of class -> prompts). */
  readonly templates: string;
  readonly classnames?: string;
  /** Class names and default templates in this language (default `en`: the dataset's own). */
  readonly language?: string;
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

/**
 * Zero-shot classification of one dataset split with an opened runtime: the classifier from the text side
 * of the feature stream, the image side scored batch by batch, every file written by the run's writer.
 */
export async function runZeroShot(runtime: Runtime, options: ZeroShotOptions, opened?: OpenedDataset): Promise<ZeroShotResult> {
  const started = performance.now();
  if (options.shard && existsSync(join(options.out, ZEROSHOT_FILES.metrics))) {
    throw new ClipEvalError('SHARD', `${options.out} already holds results (metrics.json): give each shard its own --out folder; nothing was overwritten`);
  }
  const { adapter, dataset } = opened ? { adapter: undefined, dataset: opened } : await openDataset(options.dataset, options.data, options.split);
  const language = options.language ?? DEFAULT_LANGUAGE;
  if (language !== DEFAULT_LANGUAGE && options.classnames !== undefined) throw usageError(`--language ${language} and --classnames both name the classes: give one`);
  const defaultTemplates = dataset.templates ?? adapter?.templates ?? 'single';
  // --language: the prompts use the language's class names and templates; labels stay the dataset's names.
  const translated = resolveLanguage(language, dataset.name, dataset.classnames, defaultTemplates);
  const promptSet = await resolvePrompts(options.templates, translated?.templates ?? defaultTemplates);
  const classnames = translated?.classnames ?? (await resolveClassnames(options.classnames, dataset.classnames));
  const labelNames = dataset.labels?.names ?? (translated ? dataset.classnames : classnames);
  const model = runtime.model;
  // The images start decoding (and their first batch encoding) while the graphs are hashed and the text
  // side builds the classifier: the command's first seconds are not spent waiting on one or the other.
  const stream = streamImageFeatures(runtime, dataset, {
    batchSize: options.batchSize,
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    ...(options.shard ? { shard: options.shard } : {}),
    label: `zeroshot ${dataset.name}/${dataset.split}`,
    quiet: options.quiet ?? false,
  });
  stream.start();
  try {
    // Recorded in the results; the classifier does not wait for them (the text tower opens while they run).
    const hashing = runtime.hashes();
    hashing.catch(() => undefined); // awaited below

    // --classnames (or --language) replaces every name of a class; otherwise the dataset's synonyms are prompted too.
    const names = options.classnames === undefined && !translated && dataset.synonyms ? dataset.synonyms : classnames.map((c) => [c]);
    const classPrompts = promptSet.kind === 'class-prompts' ? promptSet.prompts(classnames) : undefined;
    const classifier = classPrompts
      ? await buildClassPromptClassifier(runtime, classPrompts, options.ensemble)
      : await buildZeroShotClassifier(runtime, names, promptSet.kind === 'templates' ? promptSet.templates : [], options.ensemble);
    const textSeconds = (performance.now() - started) / 1000;
    const hashes = await hashing;
    // The family's own probabilities (and logits.npy, the model's own scores) need the head's scale (and
    // bias); a SigLIP export without them still ranks exactly, and the run says in one line what it left out.
    const complete = headIsComplete(model.head);
    const missing = complete ? undefined : noProbabilitiesReason(model.bundle.dir, model.head);
    if (missing && !(options.quiet ?? false)) process.stderr.write(`note: ${missing}${options.saveEmbeddings ? `; ${ZEROSHOT_FILES.logits} not written` : ''}\n`);
    const writer = await ZeroShotWriter.open(options.out, { labelNames, attributes: dataset.attributes ?? [], saveEmbeddings: options.saveEmbeddings, probabilities: complete });
    const paperMetric = adapter?.metric ?? 'top1';
    let counts;
    try {
      counts = await scoreZeroShot(
        stream,
        stream.outputs[0]!,
        { labelNames, classifier, paperMetric, ...(dataset.labels ? { classToLabel: dataset.labels.classToLabel } : {}), ...(complete ? { head: { head: model.head, where: model.bundle.dir } } : {}) },
        (batch) => writer.write(batch),
      );
    } catch (error) {
      await writer.abort();
      throw error;
    }
    await writer.close();
    const { stats } = stream;
    if (counts.n === 0) {
      await writer.writeLosses(stats.failures, dataset.skipped());
      throw new ClipEvalError('DATASET', `${dataset.name}/${dataset.split}: none of the ${stats.failures.length} images could be read (see ${join(options.out, ZEROSHOT_FILES.failures)})`);
    }
    const skips = dataset.skipped();
    const config = {
      model_sha256: hashes.vision,
      text_sha256: hashes.text,
      dtype: model.bundle.dtype,
      preprocess: runtime.preprocess,
      dataset: dataset.name,
      split: dataset.split,
      protocol: dataset.protocol ?? null,
      ...(promptSet.kind === 'templates' ? { templates: promptSet.templates } : { class_prompts: classPrompts }),
      classnames: names,
      ensemble: options.ensemble,
      limit: options.limit ?? null,
      ...(language !== DEFAULT_LANGUAGE ? { language } : {}),
    };
    const metrics: ZeroShotMetrics = {
      task: 'zeroshot',
      model: model.bundle.dir,
      model_sha256: hashes.vision,
      dtype: model.bundle.dtype,
      dataset: dataset.name,
      split: dataset.split,
      protocol: dataset.protocol ?? null,
      templates: promptSet.kind === 'templates' ? { name: promptSet.name, count: promptSet.templates.length } : { name: promptSet.name, count: classPrompts!.flat().length, per_class: true },
      ...(language !== DEFAULT_LANGUAGE ? { language } : {}),
      ensemble: options.ensemble,
      ...counts,
      paper_metric: { name: paperMetric, value: counts[paperMetric]! },
      scoring: scoringRecord(model.head),
      probabilities: complete ? model.head.kind : null,
      ...(missing ? { probabilities_missing: missing } : {}),
      n_failed: stats.failures.length,
      n_skipped: skips.length,
      shard: options.shard ? `${options.shard.index}/${options.shard.count}` : null,
      feature_cache: { hits: stats.hits, computed: stats.computed, dir: stats.cacheDir },
      seconds: { text: textSeconds, images: (performance.now() - started) / 1000 - textSeconds, total: (performance.now() - started) / 1000 },
      config_hash: hashJson(config),
      harness_version: HARNESS_VERSION,
      time: new Date().toISOString(),
    };
    await writer.finish(metrics, { ...(options.saveEmbeddings ? { classifier } : {}), failures: stats.failures, skips, ...(options.label !== undefined ? { label: options.label } : {}) });
    return { metrics, outDir: options.out };
  } finally {
    await stream.stop(); // a run that failed before its images were iterated
  }
}
