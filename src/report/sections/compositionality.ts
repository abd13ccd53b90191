import type { CompositionalityMetrics } from '../../tasks/compositionality/run.js';
import { COMPOSITION_SCORES, type CompositionScoreName, type GroupTable } from '../../tasks/compositionality/score.js';
import type { ReportSection, TableColumn } from '../document.js';

const TITLES: Record<CompositionScoreName, string> = { accuracy: 'accuracy', text_score: 'text score', image_score: 'image score', group_score: 'group score' };

function scoreColumns(names: readonly CompositionScoreName[], title: (name: CompositionScoreName) => string = (n) => TITLES[n], prefix = ''): TableColumn[] {
  return names.map((name) => ({ key: `${prefix}${name}`, title: title(name), format: 'percent' }));
}

function groupSection(table: GroupTable, names: readonly CompositionScoreName[]): ReportSection {
  return {
    kind: 'table',
    title: table.title,
    ...(table.macroOver !== undefined ? { caption: `Pooled over the items of each row, and the mean of the accuracies of the ${table.macroOver}s inside it.` } : {}),
    table: {
      columns: [
        { key: 'value', title: table.key, format: 'text' },
        { key: 'n', title: 'items', format: 'integer' },
        ...(table.macroOver === undefined ? scoreColumns(names) : scoreColumns(names, (n) => `${TITLES[n]}, pooled`)),
        ...(table.macroOver !== undefined ? [{ key: 'parts', title: `${table.macroOver}s`, format: 'integer' } as const, ...scoreColumns(names, (n) => `${TITLES[n]}, mean over ${table.macroOver}s`, 'macro_')] : []),
      ],
      rows: table.rows.map((r) => ({
        value: r.value,
        n: r.n,
        ...Object.fromEntries(names.map((name) => [name, r.scores[name] ?? null])),
        ...(r.macro ? { parts: r.macro.parts, ...Object.fromEntries(names.map((name) => [`macro_${name}`, r.macro!.scores[name] ?? null])) } : {}),
      })),
    },
  };
}

/** A compositionality run in a report: what was scored, the headline figures, one table per subset or tag. */
export function compositionalitySections(metrics: CompositionalityMetrics, context: { readonly title: string; readonly runName: string }): ReportSection[] {
  const kind = 'accuracy' in metrics.scores ? 'choice' : 'group';
  const names = COMPOSITION_SCORES[kind];
  const rule =
    kind === 'choice'
      ? 'An item is right when its true caption has the highest cosine with the image (a tie goes to the caption the benchmark lists first, as numpy\'s argmax).'
      : 'Text score: each image prefers its own caption; image score: each caption prefers its own image; group score: both (strict inequalities).';
  const sections: ReportSection[] = [
    {
      kind: 'markdown',
      markdown: [
        `## ${context.title}`,
        '',
        `${context.runName}: ${metrics.n} items scored by the cosine of L2-normalised image and caption embeddings` +
          (metrics.n_failed > 0 ? `; ${metrics.n_failed} could not be scored (an image failed, see failures.csv).` : '.') +
          ` ${rule}`,
      ].join('\n'),
    },
    {
      kind: 'table',
      title: 'Overall',
      table: {
        columns: [{ key: 'n', title: 'items', format: 'integer' }, ...scoreColumns(names), ...(metrics.macro ? [{ key: 'macro', title: 'macro accuracy', format: 'percent' } as const] : [])],
        rows: [{ n: metrics.n, ...Object.fromEntries(names.map((name) => [name, metrics.scores[name] ?? null])), ...(metrics.macro ? { macro: metrics.macro.value } : {}) }],
      },
      ...(metrics.macro ? { caption: `Macro accuracy: ${metrics.macro.description} (${metrics.macro.included} kept, ${metrics.macro.excluded.length} left out).` } : {}),
    },
    ...metrics.groups.map((g) => groupSection(g, names)),
  ];
  return sections;
}
