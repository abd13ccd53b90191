import { COMPOSITION_BENCHMARKS } from '../../datasets/compositionality/registry.js';
import type { CompositionBenchmark } from '../../datasets/compositionality/types.js';
import { DATASETS } from '../../datasets/registry.js';
import { RETRIEVAL_DATASETS } from '../../datasets/retrieval/registry.js';
import type { CaptionedDatasetAdapter } from '../../datasets/retrieval/types.js';
import type { DatasetAdapter } from '../../datasets/types.js';
import { defineCommand } from '../command.js';

export const datasets = defineCommand({
  command: 'datasets',
  describe: 'list the dataset adapters (classification, captioned for retrieval, compositionality) with the on-disk layout each expects',
  builder: (y) => y.option('json', { type: 'boolean', default: false, describe: 'print JSON (one row per adapter; `task` says which command reads it)' }),
  async run(args) {
    const adapters = Object.values(DATASETS) as DatasetAdapter[];
    const captioned = Object.values(RETRIEVAL_DATASETS) as CaptionedDatasetAdapter[];
    const benchmarks = Object.values(COMPOSITION_BENCHMARKS) as CompositionBenchmark[];
    if (args.json) {
      const rows = [
        ...adapters.map(({ open: _open, ...info }) => ({ task: 'classification', ...info })),
        ...captioned.map(({ open: _open, ...info }) => ({ task: 'retrieval', ...info })),
        ...benchmarks.map(({ open: _open, ...info }) => ({ task: 'compositionality', ...info })),
      ];
      process.stdout.write(JSON.stringify(rows, null, 2) + '\n');
      return;
    }
    const classification = adapters.map((a) =>
      [
        `${a.name} — ${a.title}`,
        `  layout:    ${a.layout}`,
        `  splits:    ${a.splits.join(', ')} (default ${a.defaultSplit})`,
        `  classes:   ${a.classCount ?? 'from the data'}; metric: ${a.metric}; templates: ${a.templates}`,
        `  source:    ${a.source}`,
      ].join('\n'),
    );
    const retrieval = captioned.map((a) =>
      [
        `${a.name} — ${a.title}`,
        `  layout:    ${a.layout}`,
        `  splits:    ${a.splits.join(', ')} (default ${a.defaultSplit}); languages: ${a.languages.join(', ')}`,
      ].join('\n'),
    );
    const composition = benchmarks.map((b) => [`${b.name} — ${b.title}`, `  layout:    ${b.layout}`, `  metric:    ${b.metric}`, `  source:    ${b.source}`].join('\n'));
    const text = [
      classification.join('\n\n'),
      `Captioned datasets (clip-eval retrieval --dataset NAME)\n\n${retrieval.join('\n\n')}`,
      `Compositionality benchmarks (clip-eval compositionality --dataset NAME)\n\n${composition.join('\n\n')}`,
    ].join('\n\n');
    process.stdout.write(text + '\n');
  },
});
