import { DEFAULTS } from '../../config/defaults.js';
import { openRuntime } from '../../features/runtime.js';
import { templateCompareJob } from '../../jobs/template-compare.js';
import { defineCommand } from '../command.js';
import { withCompute, withDataset, withModel, withOut, withSamples } from '../options.js';
import { runtimeOptions } from '../runtime-args.js';

/**
 * `templates <subcommand>`: the sub-command is a positional with choices because main.ts dispatches on
 * top-level handlers only (yargs runs just the innermost handler of nested commands).
 */
export const templates = defineCommand({
  command: 'templates <subcommand>',
  describe: 'prompt templates: `templates compare` scores each template and ensembles against a baseline template',
  builder: (y) =>
    withOut(withCompute(withSamples(withDataset(withModel(y)))), 'templates', 'template_comparison.csv, report, results.jsonl')
      .positional('subcommand', { type: 'string', choices: ['compare'] as const, demandOption: true, describe: 'compare: single templates, all, named subsets and a greedy ensemble, with McNemar tests' })
      .option('templates', { type: 'string', default: DEFAULTS.templates, describe: "templates to compare: 'default' (the dataset's own), a set name, or a file" })
      .option('classnames', { type: 'string', describe: 'class names file replacing the dataset\'s' })
      .option('subset', { type: 'string', array: true, describe: 'named ensemble: NAME=SET|FILE or NAME=1,4,7 (positions in the list, from 1)' })
      .option('baseline-template', { type: 'string', describe: "single template to test against (default 'a photo of a {}.' if compared, else the first)" })
      .option('validation-fraction', { type: 'number', default: 0.5, describe: 'share of each class held out to choose the greedy ensemble (0: none)' })
      .option('seed', { type: 'number', default: 0, describe: 'seed of the validation split' }),
  async run(args) {
    switch (args.subcommand) {
      case 'compare': {
        const runtime = await openRuntime(runtimeOptions(args));
        let comparison;
        try {
          ({ comparison } = await templateCompareJob(runtime, {
          dataset: args.dataset,
          data: args.data,
          ...(args.split !== undefined ? { split: args.split } : {}),
          ...(args.limit !== undefined ? { limit: args.limit } : {}),
          batchSize: args.batchSize,
          templates: args.templates,
          ...(args.classnames !== undefined ? { classnames: args.classnames } : {}),
          subsets: (args.subset ?? []).map(String),
          ...(args.baselineTemplate !== undefined ? { baselineTemplate: args.baselineTemplate } : {}),
          validationFraction: args.validationFraction,
          seed: args.seed,
          out: args.out,
          }));
        } finally {
          await runtime.close();
        }
        const best = [...comparison.scores].sort((a, b) => b.accuracy - a.accuracy)[0]!;
        process.stderr.write(`best: ${best.name} ${(best.accuracy * 100).toFixed(2)}% on ${comparison.nEvaluation} images -> ${args.out}/report.html\n`);
        return;
      }
      default: {
        const never: never = args.subcommand;
        throw new Error(`unknown templates subcommand ${String(never)}`);
      }
    }
  },
});
