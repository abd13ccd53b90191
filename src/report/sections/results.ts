import type { ReportSection } from '../document.js';
import { rowLabel, type ResultRow } from '../../results/result-row.js';

/** A zero-shot summary row as read from a run's metrics.json (fractions). */
export interface ZeroShotSummary {
  readonly model: string;
  readonly dataset: string;
  readonly split: string;
  readonly n: number | null;
  readonly top1: number | null;
  readonly top5: number | null;
  readonly mean_per_class_recall: number | null;
}

const ACCURACY_COLUMNS = [
  { key: 'top1', title: 'top-1', format: 'percent' },
  { key: 'top5', title: 'top-5', format: 'percent' },
  { key: 'mean_per_class_recall', title: 'mean per-class recall', format: 'percent' },
] as const;

/** One row per zero-shot run and split (e.g. the demo's per-split table). */
export function zeroShotTableSection(runs: readonly ZeroShotSummary[], title = 'Zero-shot accuracy per split'): ReportSection {
  return {
    kind: 'table',
    title,
    table: {
      columns: [
        { key: 'model', title: 'model', format: 'text' },
        { key: 'dataset', title: 'dataset', format: 'text' },
        { key: 'split', title: 'split', format: 'text' },
        { key: 'n', title: 'images', format: 'integer' },
        ...ACCURACY_COLUMNS,
      ],
      rows: runs.map((r) => ({ ...r })),
    },
  };
}

/** The results store as a table: every run, its task and its headline accuracies. */
export function resultsTableSection(rows: readonly ResultRow[], title = 'Recorded results'): ReportSection {
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
        ...ACCURACY_COLUMNS,
        { key: 'time', title: 'time', format: 'text' },
      ],
      rows: rows.map((r) => ({
        label: rowLabel(r),
        task: r.task,
        dataset: r.dataset,
        split: r.split,
        n: r.n,
        top1: r.metrics.top1,
        top5: r.task === 'template-compare' ? null : r.metrics.top5,
        mean_per_class_recall: r.task === 'template-compare' ? null : r.metrics.mean_per_class_recall,
        time: r.time,
      })),
    },
  };
}
