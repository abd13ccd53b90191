import type { ReportSection } from '../document.js';
import { escapeMarkdownText } from '../markdown.js';
import { effectiveRobustnessSpec, type RobustnessPanel } from '../specs/effective-robustness.js';
import { DEFAULTS } from '../../config/defaults.js';
import { AVERAGE_SHIFT, type ShiftResult } from '../../tasks/robustness/analyze.js';

export interface RobustnessReportContext {
  /** Axis title of the in-distribution accuracy, e.g. "ImageNet" or "emoji (id)". */
  readonly xName: string;
  /** How the baselines were chosen, in a sentence. */
  readonly baselineNote: string;
  /** Notes about the inputs (e.g. the baseline file's scale). */
  readonly inputNotes: readonly string[];
  /** Figure id prefix, so several robustness sections can share one report. */
  readonly id?: string;
  readonly heading?: string;
}

function panelFor(r: ShiftResult, xName: string): RobustnessPanel {
  const restricted = r.shift.x.startsWith('val-on-') ? `${xName}, same classes` : xName;
  return {
    xTitle: `${r.shift.name === AVERAGE_SHIFT ? xName : restricted} (top-1, %)`,
    yTitle: `${r.shift.label} (top-1, %)`,
    points: r.points.map((p) => ({
      model: p.model,
      role: p.role,
      x: p.x.value,
      y: p.y.value,
      ...(p.xInterval ? { xInterval: p.xInterval } : {}),
      ...(p.yInterval ? { yInterval: p.yInterval } : {}),
    })),
    fit: r.fit ? { slope: r.fit.slope, intercept: r.fit.intercept, band: r.band } : null,
  };
}

/** The robustness part of a report: the figure, effective robustness per evaluated model, and the trends' fit. */
export function robustnessSections(results: readonly ShiftResult[], context: RobustnessReportContext): ReportSection[] {
  const evaluated = [...new Set(results.flatMap((r) => r.points.filter((p) => p.role === 'evaluated').map((p) => p.model)))];
  const erBy = new Map(results.flatMap((r) => r.points.map((p) => [`${p.model}\u0000${r.shift.name}`, p] as const)));
  const notes = results.filter((r) => r.note).map((r) => `- ${escapeMarkdownText(`${r.shift.label}: ${r.note}.`)}`);
  const sections: ReportSection[] = [
    {
      kind: 'markdown',
      markdown: [
        `## ${context.heading ?? 'Effective robustness'}`,
        '',
        `Each panel plots accuracy under a distribution shift against in-distribution accuracy on logit axes (ticks in %). ` +
          `The orange line is the least-squares trend logit(y) = a·logit(x) + b of the baseline models, with a ${Math.round((DEFAULTS.robustness.confidence) * 100)}% bootstrap band ` +
          `(${DEFAULTS.robustness.resamples} resamples); the dashed line is y = x; whiskers are ${100 - DEFAULTS.robustness.intervalAlpha * 100}% Clopper-Pearson intervals. ` +
          `Effective robustness is a model's shifted accuracy minus the trend's prediction at its in-distribution accuracy (Taori et al. 2020).`,
        '',
        escapeMarkdownText(context.baselineNote),
        ...context.inputNotes.map((n) => `\n${escapeMarkdownText(n)}`),
        ...(notes.length ? ['', ...notes] : []),
      ].join('\n'),
    },
    {
      kind: 'figure',
      id: `${context.id ?? 'robustness'}-panels`,
      title: 'Shifted vs in-distribution accuracy',
      caption: 'Evaluated models in red, baselines in blue; points above the orange trend are effectively robust.',
      spec: effectiveRobustnessSpec(
        results.map((r) => panelFor(r, context.xName)),
        { title: 'Effective robustness', subtitle: 'shifted vs in-distribution top-1 accuracy, logit axes' },
      ),
    },
  ];
  if (evaluated.length > 0) {
    sections.push({
      kind: 'table',
      title: 'Effective robustness of the evaluated models (percentage points above the trend)',
      table: {
        columns: [{ key: 'model', title: 'model', format: 'text' }, ...results.map((r) => ({ key: r.shift.name, title: r.shift.label, format: 'points' as const }))],
        rows: evaluated.map((m) => ({ model: m, ...Object.fromEntries(results.map((r) => [r.shift.name, erBy.get(`${m}\u0000${r.shift.name}`)?.effectiveRobustness ?? null])) })),
      },
    });
    sections.push({
      kind: 'table',
      title: 'Accuracies behind it',
      table: {
        columns: [
          { key: 'shift', title: 'shift', format: 'text' },
          { key: 'model', title: 'model', format: 'text' },
          { key: 'x', title: 'in-distribution', format: 'percent' },
          { key: 'y', title: 'shifted', format: 'percent' },
          { key: 'predicted', title: 'trend predicts', format: 'percent' },
          { key: 'er', title: 'effective robustness', format: 'points' },
        ],
        rows: results.flatMap((r) =>
          r.points.filter((p) => p.role === 'evaluated').map((p) => ({ shift: r.shift.label, model: p.model, x: p.x.value, y: p.y.value, predicted: p.predicted, er: p.effectiveRobustness })),
        ),
      },
    });
  }
  sections.push({
    kind: 'table',
    title: 'The trends: logit(y) = a·logit(x) + b over the baselines',
    caption: 'Intervals are bootstrap percentiles; residual s.d. is in logit units.',
    table: {
      columns: [
        { key: 'shift', title: 'shift', format: 'text' },
        { key: 'n', title: 'baselines', format: 'integer' },
        { key: 'slope', title: 'slope a', format: 'text' },
        { key: 'intercept', title: 'intercept b', format: 'text' },
        { key: 'r2', title: 'R²', format: 'number' },
        { key: 'sd', title: 'residual s.d.', format: 'number' },
      ],
      rows: results.map((r) => ({
        shift: r.shift.label,
        n: r.fit?.n ?? r.points.filter((p) => p.role === 'baseline').length,
        slope: r.fit && r.slopeInterval ? `${r.fit.slope.toFixed(3)} (${r.slopeInterval.lower.toFixed(3)}–${r.slopeInterval.upper.toFixed(3)})` : null,
        intercept: r.fit && r.interceptInterval ? `${r.fit.intercept.toFixed(3)} (${r.interceptInterval.lower.toFixed(3)}–${r.interceptInterval.upper.toFixed(3)})` : null,
        r2: r.fit?.rSquared ?? null,
        sd: r.fit?.residualStd ?? null,
      })),
    },
  });
  return sections;
}
