import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { csvLine } from '../../core/csv-write.js';
import { ClipEvalError } from '../../core/errors.js';

/**
 * CSV in and out for the analyses' inputs and outputs (baseline accuracy tables, model-type files,
 * predictions.csv); writing goes through core's csvLine. The one csv-parse importer outside the dataset adapters.
 */
export interface CsvTable {
  readonly columns: readonly string[];
  /** One record per data row: column name -> raw text ('' for an empty cell). */
  readonly rows: readonly Readonly<Record<string, string>>[];
}

/** Reads a CSV file with a header row; `required` columns must be present, or the error names what is missing. */
export async function readCsvFile(path: string, required: readonly string[] = [], what = 'CSV file'): Promise<CsvTable> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ClipEvalError('INPUT', `cannot read ${what} ${path}: ${(error as Error).message}`, { cause: error });
  }
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false });
  } catch (error) {
    throw new ClipEvalError('INPUT', `${what} ${path} is not valid CSV: ${(error as Error).message}`, { cause: error });
  }
  const [header, ...body] = records;
  if (header === undefined) throw new ClipEvalError('INPUT', `${what} ${path} is empty; it needs a header row (${required.join(',') || 'column names'})`);
  const columns = header.map((c) => c.trim());
  const missing = required.filter((c) => !columns.includes(c));
  if (missing.length > 0) {
    throw new ClipEvalError(
      'INPUT',
      `${what} ${path} lacks column(s) ${missing.map((c) => `'${c}'`).join(', ')}; its header is: ${columns.slice(0, 12).join(',')}${columns.length > 12 ? ',...' : ''}`,
    );
  }
  const rows = body.map((cells) => Object.fromEntries(columns.map((c, i) => [c, (cells[i] ?? '').trim()])));
  return { columns, rows };
}

export type CsvCell = string | number | boolean | null | undefined;

const cellField = (cell: CsvCell): string | number | boolean | undefined =>
  cell === null || (typeof cell === 'number' && !Number.isFinite(cell)) ? undefined : cell;

/** CSV text with a header row; missing and non-finite values become empty cells. */
export function formatCsv(columns: readonly string[], rows: readonly Readonly<Record<string, CsvCell>>[]): string {
  return csvLine(columns) + rows.map((row) => csvLine(columns.map((c) => cellField(row[c])))).join('');
}
