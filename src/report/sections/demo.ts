import type { Credit } from '../../datasets/emoji/catalog.js';
import type { ReportSection } from '../document.js';
import { markdownCode } from '../markdown.js';
import type { SplitFigures } from '../../jobs/demo/zeroshot-grid.js';

/** The headline: zero-shot top-1 per split, single template beside the ensemble, chance beside both. */
export function zeroShotGridSection(figures: readonly SplitFigures[], modelName: string): ReportSection {
  const first = figures[0];
  return {
    kind: 'table',
    title: `Zero-shot top-1 of ${modelName} on every split`,
    caption: `Single: the first template of the split's set${first ? ` (e.g. '${first.single.template}')` : ''}; ensemble: every template of the set, each prompt embedding L2-normalised, averaged and normalised again (the CLIP paper's protocol). All splits but 'clean' are on augmented images.`,
    table: {
      columns: [
        { key: 'split', title: 'split', format: 'text' },
        { key: 'title', title: 'what', format: 'text' },
        { key: 'classes', title: 'classes', format: 'integer' },
        { key: 'images', title: 'images', format: 'integer' },
        { key: 'chance', title: 'chance', format: 'percent' },
        { key: 'single', title: 'top-1 single', format: 'percent' },
        { key: 'ensemble', title: 'top-1 ensemble', format: 'percent' },
        { key: 'top5', title: 'top-5 ensemble', format: 'percent' },
      ],
      rows: figures.map((f) => ({ split: f.split, title: f.title, classes: f.classes, images: f.images, chance: f.chance, single: f.single.top1, ensemble: f.ensemble.top1, top5: f.ensemble.top5 })),
    },
  };
}

/** Where the pictures come from, with their licences (the sets' terms ask for this). */
export function creditsSection(credits: readonly Credit[]): ReportSection {
  const lines = credits.map((c) => `- **${c.title}** (${c.source} ${c.version}) by ${c.author}, ${c.license}${c.url ? ` — ${c.url}` : ''}`);
  return { kind: 'markdown', markdown: `## Credits\n\nThe benchmark's images are rendered from these sets:\n\n${lines.join('\n')}\n` };
}

/** What was run, in a few lines at the top of the report. */
export function introSection(options: { readonly model: string; readonly suiteRoot: string; readonly seconds: number; readonly skipped: number }): ReportSection {
  return {
    kind: 'markdown',
    markdown: [
      `Model: ${markdownCode(options.model)} (the embedded tiny-clip, trained by tools/train-tiny-clip on the training styles only; see its model card).`,
      `Benchmark: emoji-shift, rendered from the emoji sets on npm into ${markdownCode(options.suiteRoot)} (${options.skipped} items skipped while building, listed in its manifest.json).`,
      `The splits mirror the CLIP paper's evaluation: \`id\` is in-distribution, \`v2\`, \`rendition\`, \`sketch\` and \`objectnet\` are natural distribution shifts, \`ocr\` and \`fine-grained\` are task transfer, \`fairness\` carries skin-tone and gender attributes.`,
      `Total time ${options.seconds.toFixed(0)} s.`,
    ].join('\n\n'),
  };
}
