import { parseHarmfulFlags, readHarmfulFile } from '../../tasks/fairness/harmful.js';
import { fairnessJob } from '../../jobs/fairness.js';
import { defineCommand } from '../command.js';
import { withOut } from '../options.js';
import { listArg } from './list-args.js';

export const fairness = defineCommand({
  command: 'fairness',
  describe: 'per-group accuracy with bootstrap intervals, disparities and harmful-category rates from predictions.csv files',
  builder: (y) =>
    withOut(y, 'fairness', 'fairness_*.csv, report')
      .option('predictions', { type: 'string', array: true, demandOption: true, describe: 'predictions.csv or run folder, optionally NAME=PATH (repeat to compare runs, e.g. gender=... age=...); an argument that is an existing path is taken whole, even with = in it' })
      .option('group', { type: 'string', array: true, describe: 'attribute columns to break down by (default: all), e.g. --group race --group gender' })
      .option('by', { type: 'string', describe: 'attribute for the across-runs comparison (default: the first group)' })
      .option('harmful', { type: 'string', array: true, describe: "harmful classes: 'category=a,b,\"c d\"', 'a,b', or clip-paper (the paper's non-human and crime-related labels)" })
      .option('harmful-file', { type: 'string', describe: 'JSON file {"category": ["class", ...]}' })
      .option('resamples', { type: 'number', default: 1000, describe: 'bootstrap resamples' })
      .option('seed', { type: 'number', default: 0, describe: 'bootstrap seed' }),
  async run(args) {
    const harmful = { ...(args.harmfulFile ? await readHarmfulFile(args.harmfulFile) : {}), ...parseHarmfulFlags((args.harmful ?? []).map(String)) };
    const { runs } = await fairnessJob({
      predictions: args.predictions.map(String),
      groups: listArg(args.group),
      harmful,
      by: args.by,
      resamples: args.resamples,
      seed: args.seed,
      out: args.out,
    });
    for (const r of runs) {
      for (const a of r.audits) {
        const gap = a.disparity.maxMinGap === null ? 'no gap (fewer than two groups)' : `gap ${(a.disparity.maxMinGap * 100).toFixed(1)} points (${a.disparity.best} vs ${a.disparity.worst})`;
        process.stderr.write(`${r.run} by ${a.attribute}: ${gap}\n`);
      }
    }
    process.stderr.write(`-> ${args.out}/report.html\n`);
  },
});
