import type { ResultRow, ResultTask } from '../../results/result-row.js';
import { rowLabel } from '../../results/result-row.js';
import { columnForRun } from './testbed-settings.js';

/** One accuracy, a fraction in [0, 1], with the number of images behind it when known. */
export interface Accuracy {
  readonly value: number;
  readonly n?: number;
}

/** A model's accuracies by column (testbed setting or `dataset/split`), and where they came from. */
export interface ModelAccuracies {
  readonly name: string;
  /** The task of the run for models from a results store; undefined for baseline-file rows. */
  readonly task?: ResultTask;
  readonly accuracies: ReadonlyMap<string, Accuracy>;
}

/** Models by name. */
export type AccuracyTable = ReadonlyMap<string, ModelAccuracies>;

/**
 * The accuracy points in a results store: zero-shot and linear-probe rows by label, their (dataset,
 * split) mapped to columns; where a model has several runs of one column, the latest counts.
 */
export function tableFromResults(rows: readonly ResultRow[]): Map<string, ModelAccuracies> {
  const models = new Map<string, { task: ResultTask; accuracies: Map<string, Accuracy & { time: string }> }>();
  for (const row of rows) {
    if (row.task !== 'zeroshot' && row.task !== 'linear-probe') continue;
    const name = rowLabel(row);
    const entry = models.get(name) ?? { task: row.task, accuracies: new Map() };
    models.set(name, entry);
    const column = columnForRun(row.dataset, row.split);
    const previous = entry.accuracies.get(column);
    if (previous === undefined || previous.time <= row.time) entry.accuracies.set(column, { value: row.metrics.top1, n: row.n, time: row.time });
  }
  return new Map(
    [...models].map(([name, m]) => [
      name,
      { name, task: m.task, accuracies: new Map([...m.accuracies].map(([c, a]) => [c, { value: a.value, n: a.n }])) },
    ]),
  );
}

/** All columns any model has, sorted. */
export function tableColumns(table: AccuracyTable): string[] {
  return [...new Set([...table.values()].flatMap((m) => [...m.accuracies.keys()]))].sort();
}
