import { DATASETS } from '../../datasets/registry.js';
import type { DatasetAdapter } from '../../datasets/types.js';
import { defineCommand } from '../command.js';

export const datasets = defineCommand({
  command: 'datasets',
  describe: 'list the dataset adapters with the on-disk layout each expects',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON' }),
  async run(args) {
    const adapters = Object.values(DATASETS) as DatasetAdapter[];
    if (args.json) {
      const rows = adapters.map(({ open: _open, ...info }) => info);
      process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      return;
    }
    const text = adapters
      .map((a) =>
        [
          `${a.name} — ${a.title}`,
          `  layout:    ${a.layout}`,
          `  splits:    ${a.splits.join(', ')} (default ${a.defaultSplit})`,
          `  classes:   ${a.classCount ?? 'from the data'}; metric: ${a.metric}; templates: ${a.templates}`,
          `  source:    ${a.source}`,
        ].join('\n'),
      )
      .join('\n\n');
    process.stdout.write(text + '\n');
  },
});
