import { verdictOf, type TemplateComparison, type TemplateScore } from '../../tasks/template-compare/compare.js';
import type { ReportSection } from '../document.js';
import { escapeMarkdownText, markdownCode } from '../markdown.js';
import { templateComparisonSpec } from '../specs/template-comparison.js';

/**
 * A template's or ensemble's name as the report prints it: an ensemble's size is added unless its name
 * already gives it ("all 14 templates", "greedy (1 chosen on validation)"), so no label says it twice.
 */
export function variantLabel(s: Pick<TemplateScore, 'kind' | 'name' | 'templates'>): string {
  if (s.kind === 'single') return s.name;
  const n = s.templates.length;
  return new RegExp(`(^|\\D)${n}(\\D|$)`).test(s.name) ? s.name : `${s.name} (${n} ${n === 1 ? 'template' : 'templates'})`;
}

/** The template comparison in a report: the plot, the table with paired tests, the greedy path. */
export function templateComparisonSections(c: TemplateComparison, context: { runName: string; id?: string; heading?: string }): ReportSection[] {
  const base = c.scores.find((s) => s.vsBaseline === null)!;
  const id = context.id ?? 'templates';
  const part = c.evaluatedOn === 'held-out' ? `${c.nEvaluation} held-out images (${c.nValidation} others chose the greedy ensemble)` : `all ${c.nEvaluation} images`;
  const sections: ReportSection[] = [
    {
      kind: 'markdown',
      markdown: [
        `## ${context.heading ?? 'Template comparison'}`,
        '',
        `${escapeMarkdownText(context.runName)}: zero-shot accuracy of each prompt template alone and of ensembles, on ${part}. ` +
          `Each is compared with the baseline template ${markdownCode(c.baseline)} by McNemar's paired test on the same images (exact and mid-p). ` +
          'Image features come from the cache: comparing templates costs only text encoding.',
        ...c.notes.map((n) => `\n> ${escapeMarkdownText(n)}`),
      ].join('\n'),
    },
    {
      kind: 'figure',
      id: `${id}-accuracy`,
      title: 'Accuracy per template and ensemble',
      caption: 'Whiskers: 95% Clopper-Pearson intervals; dashed line: the baseline template.',
      spec: templateComparisonSpec(
        c.scores.map((s) => ({ name: s.kind === 'single' ? s.name : `▸ ${variantLabel(s)}`, kind: s.kind, accuracy: s.accuracy, lower: s.interval.lower, upper: s.interval.upper, verdict: verdictOf(s) })),
        { title: 'Prompt templates', subtitle: context.runName, baselineAccuracy: base.accuracy },
      ),
    },
    {
      kind: 'table',
      title: 'Templates and ensembles against the baseline',
      caption: '"only base" / "only this": images only the baseline / only this variant got right.',
      table: {
        columns: [
          { key: 'name', title: 'template or ensemble', format: 'text' },
          { key: 'accuracy', title: 'top-1 (95% CI)', format: 'percent-interval' },
          { key: 'delta', title: 'vs baseline', format: 'points' },
          { key: 'onlyBase', title: 'only base', format: 'integer' },
          { key: 'onlyThis', title: 'only this', format: 'integer' },
          { key: 'p', title: 'p (exact)', format: 'p-value' },
          { key: 'pMid', title: 'p (mid-p)', format: 'p-value' },
        ],
        rows: [...c.scores]
          .sort((a, b) => b.accuracy - a.accuracy)
          .map((s) => ({
            name: variantLabel(s),
            accuracy: [s.accuracy, s.interval.lower, s.interval.upper] as const,
            delta: s.accuracy - base.accuracy,
            onlyBase: s.vsBaseline?.onlyFirst ?? null,
            onlyThis: s.vsBaseline?.onlySecond ?? null,
            p: s.vsBaseline?.pExact ?? null,
            pMid: s.vsBaseline?.pMid ?? null,
          })),
      },
    },
  ];
  if (c.greedy && c.greedy.length > 0) {
    sections.push({
      kind: 'table',
      title: 'Greedy forward selection (on the validation images)',
      table: {
        columns: [
          { key: 'step', title: 'step', format: 'integer' },
          { key: 'template', title: 'template added', format: 'text' },
          { key: 'acc', title: 'validation top-1', format: 'percent' },
        ],
        rows: c.greedy.map((g, i) => ({ step: i + 1, template: g.template, acc: g.validationAccuracy })),
      },
    });
  }
  return sections;
}
