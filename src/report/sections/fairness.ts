import type { ReportSection } from '../document.js';
import { escapeMarkdownText } from '../markdown.js';
import { intervalBarsSpec } from '../specs/interval-bars.js';
import { shareHeatmapSpec } from '../specs/share-heatmap.js';
import { COLORS } from '../specs/theme.js';
import type { Interval } from '../../metrics/binomial.js';
import type { AttributeAudit, HarmfulRate } from '../../tasks/fairness/audit.js';
import type { RunAudit } from '../../tasks/fairness/outputs.js';

/** Labels shown in the group x prediction heatmaps (the most frequent overall; the rest are summed). */
const HEATMAP_LABELS = 10;
const OTHER = '(other labels)';

const slug = (text: string) => text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'x';

function heatmap(run: string, a: AttributeAudit, id: string): ReportSection {
  const totals = new Map<string, number>();
  for (const p of a.predictions) totals.set(p.pred, (totals.get(p.pred) ?? 0) + p.count);
  const top = [...totals].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0])).slice(0, HEATMAP_LABELS).map(([l]) => l);
  const shown = new Set(top);
  const groups = a.groups.filter((g) => g.n > 0);
  const cells = groups.flatMap((g) => {
    const own = a.predictions.filter((p) => p.group === g.group);
    const rest = own.filter((p) => !shown.has(p.pred)).reduce((s, p) => s + p.count, 0);
    return [
      ...top.map((label) => {
        const count = own.find((p) => p.pred === label)?.count ?? 0;
        return { row: g.group, column: label, count, share: count / g.n };
      }),
      ...(totals.size > top.length ? [{ row: g.group, column: OTHER, count: rest, share: rest / g.n }] : []),
    ];
  });
  return {
    kind: 'figure',
    id,
    title: `${run}: what each ${a.attribute} group's images were predicted as`,
    caption: `Percent of each group's images per predicted label (the ${top.length} most frequent labels${totals.size > top.length ? '; the rest summed' : ''}).`,
    spec: shareHeatmapSpec(cells, {
      title: `Predicted labels by ${a.attribute}`,
      subtitle: `run: ${run}`,
      rowTitle: a.attribute,
      columnTitle: 'predicted label',
      rows: groups.map((g) => g.group),
      columns: totals.size > top.length ? [...top, OTHER] : top,
    }),
  };
}

type ScoringKind = NonNullable<AttributeAudit['probabilities']>;

/** How each family's probability of a category is read (see harmfulProbabilities). */
const PROBABILITY_OF_CATEGORY: Record<ScoringKind, string> = {
  softmax: "the softmax probabilities of the category's classes summed (its mass in the model's one distribution over the label set)",
  sigmoid: "the largest of the per-class sigmoids of the category's classes (each pair is its own yes/no and rows do not sum to 1: the category's best match)",
};

/** A table of one figure per group (rows) and harmful category (columns), each a value with its interval. */
function categoryTable(a: AttributeAudit, title: string, caption: string | undefined, figure: (h: HarmfulRate) => { value: number | null; interval: Interval | null }): ReportSection {
  const categories = [...new Set(a.harmful.map((h) => h.category))];
  return {
    kind: 'table',
    title,
    ...(caption !== undefined ? { caption } : {}),
    table: {
      columns: [{ key: 'group', title: a.attribute, format: 'text' }, ...categories.map((c, i) => ({ key: `c${i}`, title: `${c} (95% CI)`, format: 'percent-interval' as const }))],
      rows: a.groups.map((g) => ({
        group: g.group,
        ...Object.fromEntries(
          categories.map((c, i) => {
            const h = a.harmful.find((x) => x.group === g.group && x.category === c);
            const f = h ? figure(h) : { value: null, interval: null };
            return [`c${i}`, f.value == null ? null : f.interval ? ([f.value, f.interval.lower, f.interval.upper] as const) : f.value];
          }),
        ),
      })),
    },
  };
}

function harmfulProbabilityTable(run: string, a: AttributeAudit, kind: ScoringKind): ReportSection {
  return categoryTable(
    a,
    `${run}: mean probability the model puts on harmful categories, by ${a.attribute}`,
    `The model's own ${kind} probabilities (from its logits.npy), averaged over each group's images: per image, ${PROBABILITY_OF_CATEGORY[kind]}. Unlike the top-1 rate it counts the images where a harmful class came close; 95% bootstrap intervals.`,
    (h) => ({ value: h.meanProbability, interval: h.probabilityInterval }),
  );
}

function attributeSections(run: string, a: AttributeAudit, idBase: string, overall: number): ReportSection[] {
  const d = a.disparity;
  const sections: ReportSection[] = [
    {
      kind: 'figure',
      id: `${idBase}-accuracy`,
      title: `${run}: accuracy by ${a.attribute}`,
      caption: `Whiskers: 95% bootstrap intervals; dashed line: accuracy over all images.${d.maxMinGap !== null ? ` Gap between best (${d.best}) and worst (${d.worst}) group: ${(d.maxMinGap * 100).toFixed(1)} points.` : ''}`,
      spec: intervalBarsSpec(
        a.groups.map((g) => ({ category: g.group, value: g.accuracy, lower: g.interval?.lower, upper: g.interval?.upper, n: g.n })),
        { title: `Accuracy by ${a.attribute}`, subtitle: `run: ${run}`, valueTitle: 'top-1 accuracy', categoryTitle: a.attribute, reference: { value: overall, label: `all: ${(overall * 100).toFixed(1)}%` } },
      ),
    },
    {
      kind: 'table',
      title: `${run}: accuracy and error by ${a.attribute}`,
      caption: d.minMaxRatio !== null ? `Worst-to-best accuracy ratio ${d.minMaxRatio.toFixed(3)}.` : 'Fewer than two groups with images: no disparity.',
      table: {
        columns: [
          { key: 'group', title: a.attribute, format: 'text' },
          { key: 'n', title: 'images', format: 'integer' },
          { key: 'accuracy', title: 'accuracy (95% CI)', format: 'percent-interval' },
          { key: 'error', title: 'error', format: 'percent' },
          { key: 'ratio', title: 'ratio to best', format: 'number' },
        ],
        rows: a.groups.map((g) => ({
          group: g.group,
          n: g.n,
          accuracy: g.accuracy === null ? null : g.interval ? ([g.accuracy, g.interval.lower, g.interval.upper] as const) : g.accuracy,
          error: g.accuracy === null ? null : 1 - g.accuracy,
          ratio: d.ratioToBest.get(g.group) ?? null,
        })),
      },
    },
  ];
  if (a.harmful.length > 0) {
    sections.push({
      kind: 'figure',
      id: `${idBase}-harmful`,
      title: `${run}: images classified into harmful categories, by ${a.attribute}`,
      caption: 'Share of each group\'s images whose top-1 prediction is one of the harmful classes added to the label set; whiskers: 95% Clopper-Pearson intervals (exact, so a zero count still has an upper bound).',
      spec: intervalBarsSpec(
        a.harmful.map((h) => ({ category: h.group, series: h.category, value: h.rate, lower: h.interval?.lower, upper: h.interval?.upper })),
        { title: `Harmful-category rate by ${a.attribute}`, subtitle: `run: ${run}`, valueTitle: 'share of the group\'s images', categoryTitle: a.attribute, seriesTitle: 'category', color: COLORS.worse },
      ),
    });
  }
  if (a.harmful.length > 0) {
    sections.push(categoryTable(a, `${run}: share of each ${a.attribute} group's images in harmful categories`, undefined, (h) => ({ value: h.rate, interval: h.interval })));
  }
  if (a.harmful.length > 0 && a.probabilities !== null) sections.push(harmfulProbabilityTable(run, a, a.probabilities));
  sections.push(heatmap(run, a, `${idBase}-predicted`));
  return sections;
}

export interface FairnessReportContext {
  readonly notes: readonly string[];
  /** The attribute of the cross-run comparison (e.g. race); null with a single run. */
  readonly by: string | null;
  readonly id?: string;
  readonly heading?: string;
}

/** The fairness part of a report: per run and attribute, accuracy and harmful rates by group; across runs, accuracy by `by`. */
export function fairnessSections(runs: readonly (RunAudit & { readonly overall: number })[], context: FairnessReportContext): ReportSection[] {
  const idRoot = context.id ?? 'fairness';
  const sections: ReportSection[] = [
    {
      kind: 'markdown',
      markdown: [
        `## ${context.heading ?? 'Fairness audit'}`,
        '',
        'Per-group top-1 accuracy with 95% bootstrap intervals, the gap between the best and worst group, what each group\'s images were predicted as, ' +
          'and — as in the CLIP paper\'s FairFace probe — how often each group\'s images land in non-human or crime-related classes added to the label set ' +
          '(with exact Clopper-Pearson intervals, as those counts are small), and, where the run saved its logits, the mean probability the model itself puts on those categories ' +
          '(softmax models: the categories\' summed probability; sigmoid models such as SigLIP: their largest per-class probability).',
        ...context.notes.map((n) => `\n> ${escapeMarkdownText(n)}`),
      ].join('\n'),
    },
  ];
  if (context.by !== null && runs.length > 1) {
    const by = context.by;
    const groups = [...new Set(runs.flatMap((r) => r.audits.find((a) => a.attribute === by)?.groups.map((g) => g.group) ?? []))].sort();
    const cell = (r: RunAudit, group: string) => r.audits.find((a) => a.attribute === by)?.groups.find((g) => g.group === group);
    sections.push(
      {
        kind: 'figure',
        id: `${idRoot}-by-${slug(by)}`,
        title: `Accuracy of each classification by ${by}`,
        caption: `One bar per run; a group a run has no images of is marked "no samples".`,
        spec: intervalBarsSpec(
          runs.flatMap((r) => groups.map((group) => {
            const g = cell(r, group);
            return { category: group, series: r.run, value: g?.accuracy ?? null, lower: g?.interval?.lower, upper: g?.interval?.upper };
          })),
          { title: `Classification accuracy by ${by}`, valueTitle: 'top-1 accuracy', categoryTitle: by, seriesTitle: 'classifying' },
        ),
      },
      {
        kind: 'table',
        title: `Accuracy by ${by}`,
        table: {
          columns: [{ key: 'group', title: by, format: 'text' }, ...runs.map((r, i) => ({ key: `r${i}`, title: r.run, format: 'percent-interval' as const }))],
          rows: groups.map((group) => ({
            group,
            ...Object.fromEntries(runs.map((r, i) => {
              const g = cell(r, group);
              return [`r${i}`, g?.accuracy == null ? null : g.interval ? ([g.accuracy, g.interval.lower, g.interval.upper] as const) : g.accuracy];
            })),
          })),
        },
      },
    );
  }
  runs.forEach((r, i) => {
    sections.push({ kind: 'markdown', markdown: `### ${escapeMarkdownText(r.run)}\n\nAll images: ${(r.overall * 100).toFixed(1)}% top-1.` });
    for (const a of r.audits) sections.push(...attributeSections(r.run, a, `${idRoot}-${i}-${slug(a.attribute)}`, r.overall));
  });
  return sections;
}
