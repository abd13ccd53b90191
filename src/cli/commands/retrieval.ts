import { ClipEvalError } from '../../core/errors.js';
import { parseShard } from '../../core/shard.js';
import { retrievalDatasetNames } from '../../datasets/retrieval/registry.js';
import { openRuntime } from '../../features/runtime.js';
import { retrievalJob } from '../../jobs/retrieval.js';
import { imageRetrievalKey, textRetrievalKey } from '../../tasks/retrieval/result.js';
import { cacheRetrievalShard } from '../../tasks/retrieval/run.js';
import { defineCommand } from '../command.js';
import { withCompute, withDataset, withModel, withOut, withSamples } from '../options.js';
import { runtimeOptions } from '../runtime-args.js';

/** `--recall-k 1,5,10` -> [1, 5, 10]. */
export function parseRecallK(text: string): number[] {
  const ks = text.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (ks.length === 0 || ks.some((k) => !/^\d+$/.test(k) || Number(k) < 1)) throw new ClipEvalError('USAGE', `--recall-k must be a comma-separated list of positive whole numbers (e.g. 1,5,10), got '${text}'`);
  return ks.map(Number);
}

export const retrieval = defineCommand({
  command: 'retrieval',
  describe: 'zero-shot image-text retrieval (recall@k both ways, CLIP_benchmark keys) on a captioned dataset',
  builder: (y) =>
    withOut(withCompute(withSamples(withDataset(withModel(y)))), 'retrieval', 'metrics.json, ranks.csv, failures.csv, skipped.csv, report')
      .option('dataset', { type: 'string', default: undefined, demandOption: true, choices: retrievalDatasetNames(), describe: 'captioned dataset adapter' })
      .option('shard', { type: 'string', describe: 'I/N: only compute shard I of N (0-based) of the image features into the cache, and score nothing; a later run without --shard scores from the cache' })
      .option('recall-k', { type: 'string', default: '1,5,10', describe: 'the k of recall@k, comma-separated (1 is always scored)' })
      .option('language', { type: 'string', default: 'en', describe: 'caption language, for datasets with several (flickr30k, flickr8k: en, zh)' })
      .option('templates', { type: 'string', describe: 'wrap each caption in a template set or file (several are averaged); default: captions as they are' })
      .option('label', { type: 'string', describe: 'name of this run in tables and plots (default: the model folder name)' })
      .option('compare', { type: 'array', string: true, describe: 'output folders of earlier retrieval runs on the same split, compared in the report by paired bootstrap' }),
  async run(args) {
    const ks = parseRecallK(args.recallK);
    const runtime = await openRuntime(runtimeOptions(args));
    try {
      const options = {
        dataset: args.dataset,
        data: args.data,
        ...(args.split !== undefined ? { split: args.split } : {}),
        language: args.language,
        ...(args.templates !== undefined ? { templates: args.templates } : {}),
        ks,
        batchSize: args.batchSize,
        ...(args.limit !== undefined ? { limit: args.limit } : {}),
        threads: args.threads,
      };
      if (args.shard !== undefined) {
        const s = await cacheRetrievalShard(runtime, options, parseShard(args.shard));
        process.stderr.write(`retrieval --shard ${s.shard.index}/${s.shard.count}: cached ${s.rows} image features (${s.cached} were cached already, ${s.failed} failed) in ${s.cacheDir}. Nothing scored: once every shard has run, run without --shard and with the same --cache-dir.\n`);
        return;
      }
      const { metrics } = await retrievalJob(runtime, { ...options, out: args.out, ...(args.label !== undefined ? { label: args.label } : {}), ...(args.compare !== undefined ? { compare: args.compare.map(String) } : {}) });
      const pct = (x: number | undefined) => (x === undefined ? '-' : `${(100 * x).toFixed(2)}%`);
      const parts = metrics.recall_k.map((k) => `R@${k} ${pct(metrics[imageRetrievalKey(k)])} / ${pct(metrics[textRetrievalKey(k)])}`);
      process.stderr.write(`${metrics.dataset}/${metrics.split}: text->image / image->text ${parts.join(', ')}; mean R@1 ${pct(metrics['mean_recall@1'])} on ${metrics.n_images} images, ${metrics.n_captions} captions (${metrics.n_failed} images failed, ${metrics.n_skipped} skipped) -> ${args.out}\n`);
    } finally {
      await runtime.close();
    }
  },
});
