import { DEFAULTS } from '../../config/defaults.js';
import { parseShard } from '../../core/shard.js';
import { ENSEMBLE_MODES, parseEnsembleMode } from '../../prompts/ensemble.js';
import { DEFAULT_LANGUAGE } from '../../prompts/languages.js';
import { openRuntime } from '../../features/runtime.js';
import { runZeroShot } from '../../tasks/zeroshot/run.js';
import { defineCommand } from '../command.js';
import { withCompute, withDataset, withModel, withOut, withSamples } from '../options.js';
import { runtimeOptions } from '../runtime-args.js';

export const zeroshot = defineCommand({
  command: 'zeroshot',
  describe: 'zero-shot classification of a dataset split with prompt ensembling',
  builder: (y) =>
    withOut(withCompute(withSamples(withDataset(withModel(y)))), 'zeroshot', 'metrics.json, predictions.csv, ...')
      .option('templates', { type: 'string', default: DEFAULTS.templates, describe: "template set: 'default' (the dataset's own), a set name, SET@K (the K-th template of a set, e.g. default@1), a file (JSON array or one per line, each with {}), or a class-prompt file (CuPL style: a JSON object mapping each class name to its own prompts)" })
      .option('classnames', { type: 'string', describe: 'class names file (JSON array or one per line), replacing the dataset\'s' })
      .option('language', { type: 'string', default: DEFAULT_LANGUAGE, describe: "class names and default templates in this language where the dataset has a source (imagenet and its variants: en, ja); labels stay the dataset's names" })
      .option('ensemble', { type: 'string', default: DEFAULTS.ensemble, choices: ENSEMBLE_MODES, describe: 'how prompt embeddings are combined per class' })
      .option('save-embeddings', { type: 'boolean', default: false, describe: 'also write image_embeddings.npy and classifier.npy' }),
  async run(args) {
    const runtime = await openRuntime(runtimeOptions(args));
    try {
      const { metrics } = await runZeroShot(runtime, {
        dataset: args.dataset,
        data: args.data,
        ...(args.split !== undefined ? { split: args.split } : {}),
        templates: args.templates,
        ...(args.classnames !== undefined ? { classnames: args.classnames } : {}),
        language: args.language,
        ensemble: parseEnsembleMode(args.ensemble),
        batchSize: args.batchSize,
        ...(args.limit !== undefined ? { limit: args.limit } : {}),
        ...(args.shard !== undefined ? { shard: parseShard(args.shard) } : {}),
        out: args.out,
        saveEmbeddings: args.saveEmbeddings,
      });
      const pct = (x: number) => `${(100 * x).toFixed(2)}%`;
      process.stderr.write(
        `${metrics.dataset}/${metrics.split}: top-1 ${pct(metrics.top1)}, top-5 ${pct(metrics.top5)}, mean per-class recall ${pct(metrics.mean_per_class_recall)} on ${metrics.n} images (${metrics.n_failed} failed) -> ${args.out}\n`,
      );
    } finally {
      await runtime.close();
    }
  },
});
