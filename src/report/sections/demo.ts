import type { Credit } from '../../datasets/emoji/catalog.js';
import type { ReportSection } from '../document.js';
import { escapeMarkdownText, markdownCode } from '../markdown.js';
import type { ProbeRow } from '../../jobs/demo/probes.js';
import type { SplitFigures } from '../../jobs/demo/zeroshot-grid.js';

/** A model's name as a figure id part (ids name files: letters, digits, - and _). */
export const figureId = (modelName: string): string => modelName.replace(/[^A-Za-z0-9_-]/g, '_');

/**
 * One model's own sections in a report of several models: its name on each of their \`##\` headings and its
 * name before each figure id that does not name it yet (ids must be unique in a report). Tasks' sections stay
 * as the tasks write them.
 */
export function modelSections(model: string, sections: readonly ReportSection[]): ReportSection[] {
  return sections.map((s) => {
    switch (s.kind) {
      case 'markdown':
        return { ...s, markdown: s.markdown.replace(/^(## .+)$/gm, `$1: ${model}`) };
      case 'figure':
        return s.id.includes(figureId(model)) ? s : { ...s, id: `${figureId(model)}-${s.id}` };
      case 'table':
        return s;
      default: {
        const never: never = s;
        throw new Error(`unknown section ${JSON.stringify(never)}`);
      }
    }
  });
}

/** One model's zero-shot figures, as the grid section takes them. */
export interface ModelGrid {
  readonly model: string;
  readonly figures: readonly SplitFigures[];
}

/**
 * The headline: zero-shot top-1 per split, chance beside it, then for each model its single template, its
 * ensemble and the ensemble's top-5, side by side. Splits are the first model's, in its order.
 */
export function zeroShotGridSection(grids: readonly ModelGrid[]): ReportSection {
  const first = grids[0]?.figures[0];
  const key = (i: number, what: string) => `m${i}_${what}`;
  return {
    kind: 'table',
    title: `Zero-shot top-1 of ${grids.map((g) => g.model).join(' and ')} on every split`,
    caption: `Single: the first template of the split's set${first ? ` (e.g. '${first.single.template}')` : ''}; ensemble: every template of the set, each prompt embedding L2-normalised, averaged and normalised again (the CLIP paper's protocol). All splits but 'clean' are on augmented images.`,
    table: {
      columns: [
        { key: 'split', title: 'split', format: 'text' },
        { key: 'title', title: 'what', format: 'text' },
        { key: 'classes', title: 'classes', format: 'integer' },
        { key: 'images', title: 'images', format: 'integer' },
        { key: 'chance', title: 'chance', format: 'percent' },
        ...grids.flatMap((g, i) => [
          { key: key(i, 'single'), title: `${g.model} single`, format: 'percent' as const },
          { key: key(i, 'ensemble'), title: `${g.model} ensemble`, format: 'percent' as const },
          { key: key(i, 'top5'), title: `${g.model} top-5 ensemble`, format: 'percent' as const },
        ]),
      ],
      rows: (grids[0]?.figures ?? []).map((f) => ({
        split: f.split,
        title: f.title,
        classes: f.classes,
        images: f.images,
        chance: f.chance,
        ...Object.fromEntries(grids.flatMap((g, i) => {
          const own = g.figures.find((o) => o.split === f.split);
          return [[key(i, 'single'), own?.single.top1 ?? null], [key(i, 'ensemble'), own?.ensemble.top1 ?? null], [key(i, 'top5'), own?.ensemble.top5 ?? null]];
        })),
      })),
    },
  };
}

/** Probe accuracy per test split: one row per model and probe, one column per split. */
export function probeTableSection(models: readonly { readonly model: string; readonly rows: readonly ProbeRow[] }[], splits: readonly string[]): ReportSection {
  return {
    kind: 'table',
    title: 'Linear-probe top-1 per split',
    caption: 'Logistic regression on each image tower\'s features of the train split; few-shot rows are means over draws.',
    table: {
      columns: [{ key: 'model', title: 'model', format: 'text' }, { key: 'probe', title: 'probe', format: 'text' }, ...splits.map((s) => ({ key: s, title: s, format: 'percent' as const }))],
      rows: models.flatMap(({ model, rows }) =>
        [...new Set(rows.map((r) => r.probe))].map((probe) => Object.fromEntries([['model', model], ['probe', probe], ...rows.filter((r) => r.probe === probe).map((r) => [r.split, r.top1])]))),
    },
  };
}

/** Where the pictures come from, with their licences (the sets' terms ask for this). */
export function creditsSection(credits: readonly Credit[]): ReportSection {
  const lines = credits.map((c) => `- **${c.title}** (${c.source} ${c.version}) by ${c.author}, ${c.license}${c.url ? ` — ${c.url}` : ''}`);
  return { kind: 'markdown', markdown: `## Credits\n\nThe benchmark's images are rendered from these sets:\n\n${lines.join('\n')}\n` };
}

/** What was run, in a few lines at the top of the report. */
export function introSection(options: { readonly models: readonly { readonly name: string; readonly path: string }[]; readonly suiteRoot: string; readonly seconds: number; readonly skipped: number }): ReportSection {
  const models = options.models.map((m) => `${escapeMarkdownText(m.name)} (${markdownCode(m.path)})`);
  return {
    kind: 'markdown',
    markdown: [
      `${models.length === 1 ? 'Model' : 'Models, each evaluated on every split'}: ${models.join(', ')}. The embedded models (\`models/\`) were trained by tools/ on the training styles only; see each model card.`,
      `Benchmark: emoji-shift, rendered from the emoji sets on npm into ${markdownCode(options.suiteRoot)} (${options.skipped} items skipped while building, listed in its manifest.json).`,
      `The splits mirror the CLIP paper's evaluation: \`id\` is in-distribution, \`v2\`, \`rendition\`, \`sketch\` and \`objectnet\` are natural distribution shifts, \`ocr\` and \`fine-grained\` are task transfer, \`fairness\` carries skin-tone and gender attributes.`,
      `Total time ${options.seconds.toFixed(0)} s.`,
    ].join('\n\n'),
  };
}
