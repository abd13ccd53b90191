import { ClipEvalError } from '../../core/errors.js';
import { readCsv } from '../../core/csv.js';
import type { Accuracy, ModelAccuracies } from './accuracy-table.js';
import { testbedSize } from './testbed-settings.js';

/** How the baseline file states accuracies: imagenet-testbed's robustness_top1s.csv uses percent. */
export type AccuracyScale = 'auto' | 'percent' | 'fraction';

export interface BaselineFile {
  readonly models: Map<string, ModelAccuracies>;
  readonly columns: readonly string[];
  /** Which scale was found, said in the report so a wrong guess is visible. */
  readonly scaleNote: string;
}

/**
 * Reads an accuracy table in imagenet-testbed's robustness_top1s.csv format: a `model` column, then one
 * column per evaluation setting, empty where a model was not evaluated. Accuracies are returned as
 * fractions; with scale 'auto' a file whose values exceed 1 is read as percent (and the note says so).
 */
export async function readBaselineCsv(path: string, scale: AccuracyScale = 'auto'): Promise<BaselineFile> {
  const csv = await readCsv(path, ['model'], 'baseline accuracy file', { code: 'INPUT', allowEmpty: true });
  const columns = csv.columns.filter((c) => c !== 'model');
  if (columns.length === 0) throw new ClipEvalError('INPUT', `baseline accuracy file ${path} has only a 'model' column; it needs one column of accuracies per evaluation setting`);
  const raw: { model: string; column: string; value: number }[] = [];
  let max = 0;
  csv.records.forEach((row, i) => {
    const model = row.model ?? '';
    if (model === '') throw new ClipEvalError('INPUT', `${path}:${i + 2}: empty model name`);
    for (const column of columns) {
      const text = row[column] ?? '';
      if (text === '') continue;
      const value = Number(text);
      if (!Number.isFinite(value) || value < 0) {
        throw new ClipEvalError('INPUT', `${path}:${i + 2}: ${column} = '${text}' for ${model} is not an accuracy (expected a number, percent or fraction, or an empty cell)`);
      }
      max = Math.max(max, value);
      raw.push({ model, column, value });
    }
  });
  if (max > 100) throw new ClipEvalError('INPUT', `${path}: an accuracy of ${max} is above 100; accuracies must be percentages (0-100) or fractions (0-1)`);
  const percent = scale === 'percent' || (scale === 'auto' && max > 1);
  if (scale === 'fraction' && max > 1) {
    throw new ClipEvalError('INPUT', `${path}: accuracies go up to ${max}, which looks like percent, but fractions were expected; pass --baseline-scale percent (or auto)`);
  }
  const models = new Map<string, { name: string; accuracies: Map<string, Accuracy> }>();
  for (const { model, column, value } of raw) {
    const entry = models.get(model) ?? { name: model, accuracies: new Map<string, Accuracy>() };
    models.set(model, entry);
    const n = testbedSize(column);
    entry.accuracies.set(column, { value: percent ? value / 100 : value, ...(n !== undefined ? { n } : {}) });
  }
  const scaleNote = percent
    ? `${path}: accuracies read as percentages${scale === 'auto' ? ` (values up to ${max.toFixed(1)})` : ''} and converted to fractions.`
    : `${path}: accuracies read as fractions in [0, 1].`;
  return { models, columns, scaleNote };
}

/** A model-type file (`model,type`, as imagenet-testbed classifies its models): model name -> type. */
export async function readModelTypes(path: string): Promise<Map<string, string>> {
  const csv = await readCsv(path, ['model', 'type'], 'model-type file', { code: 'INPUT', allowEmpty: true });
  return new Map(csv.records.map((r) => [r.model ?? '', (r.type ?? '').trim()] as const).filter(([m]) => m !== ''));
}
