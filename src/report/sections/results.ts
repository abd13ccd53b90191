import { CALIBRATION_METRICS, CLASSIFICATION_METRICS, type CalibrationMetricName, type ClassificationMetricName } from '../../metrics/registry.js';
import { ZEROSHOT_METRICS } from '../../tasks/zeroshot/score.js';
import type { ReportSection } from '../document.js';
import { rowLabel, type ResultRow } from '../../results/result-row.js';

/** A zero-shot summary row as read from a run's metrics.json (fractions). */
export type ZeroShotSummary = {
  readonly model: string;
  readonly dataset: string;
  readonly split: string;
  readonly n: number | null;
} & Readonly<Record<ClassificationMetricName, number | null>> & Readonly<Partial<Record<CalibrationMetricName, number | null>>>;

const METRIC_NAMES = Object.keys(CLASSIFICATION_METRICS) as ClassificationMetricName[];
const CALIBRATION_NAMES = Object.keys(CALIBRATION_METRICS) as CalibrationMetricName[];

type MetricName = ClassificationMetricName | CalibrationMetricName;
type MetricCells = Readonly<Partial<Record<MetricName, number | null>>>;

/**
 * A percent column per registered metric: zero-shot's headline ones always, any other that some row has; in
 * registry order; then the calibration figures (ECE, mean top-1 confidence) where some run has probabilities.
 */
function metricColumns(rows: readonly MetricCells[]) {
  const headline: readonly ClassificationMetricName[] = ZEROSHOT_METRICS;
  const present = (name: MetricName) => rows.some((r) => typeof r[name] === 'number');
  return [
    ...METRIC_NAMES.filter((name) => headline.includes(name) || present(name)).map((name) => ({ key: name as MetricName, title: CLASSIFICATION_METRICS[name].title, format: 'percent' as const })),
    ...CALIBRATION_NAMES.filter(present).map((name) => ({ key: name as MetricName, title: CALIBRATION_METRICS[name].title, format: 'percent' as const })),
  ];
}

function metricCells(metrics: MetricCells, columns: readonly { readonly key: MetricName }[]): Record<string, number | null> {
  return Object.fromEntries(columns.map(({ key }) => [key, metrics[key] ?? null]));
}

/** One row per zero-shot run and split (e.g. the demo's per-split table). */
export function zeroShotTableSection(runs: readonly ZeroShotSummary[], title = 'Zero-shot accuracy per split'): ReportSection {
  const metrics = metricColumns(runs);
  return {
    kind: 'table',
    title,
    table: {
      columns: [
        { key: 'model', title: 'model', format: 'text' },
        { key: 'dataset', title: 'dataset', format: 'text' },
        { key: 'split', title: 'split', format: 'text' },
        { key: 'n', title: 'images', format: 'integer' },
        ...metrics,
      ],
      rows: runs.map((r) => ({ model: r.model, dataset: r.dataset, split: r.split, n: r.n, ...metricCells(r, metrics) })),
    },
  };
}

/** The results store as a table: every run, its task and its headline accuracies. */
export function resultsTableSection(rows: readonly ResultRow[], title = 'Recorded results'): ReportSection {
  // Template-comparison rows hold the baseline's top-1 only (their other figures are not registry metrics).
  const cells = (r: ResultRow): MetricCells => (r.task === 'template-compare' ? { top1: r.metrics.top1 } : r.task === 'retrieval' ? {} : r.metrics);
  const metrics = metricColumns(rows.map(cells));
  return {
    kind: 'table',
    title,
    caption: 'From results.jsonl; template-comparison rows show the baseline template\'s accuracy as top-1.',
    table: {
      columns: [
        { key: 'label', title: 'run', format: 'text' },
        { key: 'task', title: 'task', format: 'text' },
        { key: 'dataset', title: 'dataset', format: 'text' },
        { key: 'split', title: 'split', format: 'text' },
        { key: 'n', title: 'images', format: 'integer' },
        ...metrics,
        { key: 'time', title: 'time', format: 'text' },
      ],
      rows: rows.map((r) => ({
        label: rowLabel(r),
        task: r.task,
        dataset: r.dataset,
        split: r.split,
        n: r.n,
        ...metricCells(cells(r), metrics),
        time: r.time,
      })),
    },
  };
}
