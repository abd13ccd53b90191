import { robustnessJob } from '../../jobs/robustness.js';
import { defineCommand } from '../command.js';
import { withOut } from '../options.js';
import { listArg } from './list-args.js';

export const robustness = defineCommand({
  command: 'robustness',
  describe: 'effective robustness: logit-linear trends of shifted vs in-distribution accuracy over baseline models, with plots',
  builder: (y) =>
    withOut(y, 'robustness', 'effective_robustness.csv, robustness_fits.csv, report')
      .option('results', { type: 'string', array: true, describe: 'folders of clip-eval runs (results.jsonl, searched recursively)' })
      .option('baseline', { type: 'string', describe: "accuracy table in imagenet-testbed's robustness_top1s.csv format" })
      .option('baseline-scale', { type: 'string', choices: ['auto', 'percent', 'fraction'] as const, default: 'auto' as const, describe: 'how the baseline file states accuracies' })
      .option('baseline-types', { type: 'string', describe: "model,type file (imagenet-testbed's classification); the trend is its STANDARD models" })
      .option('baseline-type', { type: 'string', array: true, describe: 'model types forming the trend (default STANDARD)' })
      .option('baseline-exclude', { type: 'string', array: true, describe: 'leave out names containing these (default aws,batch64,subsample)' })
      .option('baseline-models', { type: 'string', array: true, describe: 'trend models by name, glob or /regex/ (instead of types; default with --results only: the linear-probe runs)' })
      .option('models', { type: 'string', array: true, describe: 'baseline-file models to evaluate (names, globs or /regex/)' })
      .option('shifts', { type: 'string', array: true, describe: 'imagenet-v2, imagenet-r, objectnet, imagenet-sketch, imagenet-a, imagenet-vid-robust, youtube-bb; X:Y column pairs; or Y columns paired with --in-distribution; each may start with Label=' })
      .option('in-distribution', { type: 'string', describe: "in-distribution column, e.g. emoji/id (default: ImageNet 'val')" })
      .option('in-distribution-name', { type: 'string', describe: 'what the in-distribution set is called on the axes' })
      .option('seed', { type: 'number', default: 0, describe: 'bootstrap seed' }),
  async run(args) {
    const { results } = await robustnessJob({
      results: listArg(args.results),
      baseline: args.baseline,
      baselineScale: args.baselineScale,
      baselineTypes: args.baselineTypes,
      baselineTypeNames: listArg(args.baselineType),
      baselineExclude: args.baselineExclude === undefined ? undefined : (listArg(args.baselineExclude) ?? []),
      baselineModels: listArg(args.baselineModels),
      models: listArg(args.models),
      shifts: listArg(args.shifts),
      inDistribution: args.inDistribution,
      inDistributionName: args.inDistributionName,
      seed: args.seed,
      out: args.out,
    });
    for (const r of results) {
      const fit = r.fit ? `slope ${r.fit.slope.toFixed(3)}, R² ${r.fit.rSquared.toFixed(3)} over ${r.fit.n} baselines` : (r.note ?? 'no trend');
      process.stderr.write(`${r.shift.label}: ${fit}\n`);
    }
    process.stderr.write(`-> ${args.out}/effective_robustness.csv, report.html\n`);
  },
});
