import { join } from 'node:path';
import { resolveTemplates } from '../../prompts/resolve.js';
import { runZeroShot } from '../../tasks/zeroshot/run.js';
import type { Runtime } from '../../features/runtime.js';

/** One split's zero-shot figures with a single template and with the split's whole template set. */
export interface SplitFigures {
  readonly split: string;
  readonly title: string;
  readonly classes: number;
  readonly images: number;
  readonly failed: number;
  readonly chance: number;
  readonly single: { readonly template: string; readonly top1: number };
  readonly ensemble: { readonly templates: string; readonly count: number; readonly top1: number; readonly top5: number };
  /** The run folders (metrics.json, predictions.csv). */
  readonly dirs: { readonly single: string; readonly ensemble: string };
}

export const ZERO_SHOT_LABELS = { single: (model: string) => `${model} zero-shot, 1 template`, ensemble: (model: string) => `${model} zero-shot, ensemble` } as const;

/**
 * Zero-shot top-1 on every split twice: with the `singleTemplate`-th template of the split's own set and with
 * the whole set (the paper's ensemble). Image features are computed once (the second pass reads the cache).
 */
export async function zeroShotGrid(runtime: Runtime, options: {
  readonly dataset: string;
  readonly data: string;
  readonly splits: readonly string[];
  /** A split's description and class count (chance is one over it). */
  readonly describe: (split: string) => { readonly title: string; readonly classes: number };
  readonly singleTemplate: number;
  readonly modelName: string;
  readonly batchSize: number;
  readonly out: string;
  /** Splits whose runs also write logits.npy (and the embeddings): the fairness audit's probabilities need them. */
  readonly keepLogits: readonly string[];
}): Promise<SplitFigures[]> {
  const figures: SplitFigures[] = [];
  for (const split of options.splits) {
    const run = (mode: 'single' | 'ensemble') => runZeroShot(runtime, {
      dataset: options.dataset,
      data: options.data,
      split,
      templates: mode === 'single' ? `default@${options.singleTemplate}` : 'default',
      ensemble: 'mean-of-normalized',
      batchSize: options.batchSize,
      out: join(options.out, split, mode),
      saveEmbeddings: options.keepLogits.includes(split),
      label: ZERO_SHOT_LABELS[mode](options.modelName),
      quiet: true,
    });
    const single = (await run('single')).metrics;
    const ensemble = (await run('ensemble')).metrics;
    const { title, classes } = options.describe(split);
    const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
    process.stderr.write(`zeroshot ${options.dataset}/${split}: ${ensemble.n} images (${ensemble.n_failed} failed), top-1 ${pct(single.top1)} with 1 template, ${pct(ensemble.top1)} with ${ensemble.templates.count}, chance ${pct(1 / classes)} (${(single.seconds.total + ensemble.seconds.total).toFixed(1)} s)\n`);
    figures.push({
      split,
      title,
      classes,
      images: ensemble.n,
      failed: ensemble.n_failed,
      chance: 1 / classes,
      single: { template: (await resolveTemplates(single.templates.name, 'single')).templates[0]!, top1: single.top1 },
      ensemble: { templates: ensemble.templates.name, count: ensemble.templates.count, top1: ensemble.top1, top5: ensemble.top5 },
      dirs: { single: join(options.out, split, 'single'), ensemble: join(options.out, split, 'ensemble') },
    });
  }
  return figures;
}
