import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { ClipEvalError, errorMessage, type ErrorCode } from './errors.js';

/**
 * CSV in and out, for dataset label files, manifests, baselines and predictions: the one module that
 * imports csv-parse. Records map column name to trimmed text ('' for an empty cell).
 */
export type CsvRecord = Readonly<Record<string, string>>;

export interface CsvTable {
  readonly columns: readonly string[];
  readonly records: readonly CsvRecord[];
}

export interface CsvReadOptions {
  /** GTSRB's files are `;`-separated. */
  readonly delimiter?: string;
  /** Error code of the messages: DATASET for dataset files (the default), INPUT for analysis inputs. */
  readonly code?: ErrorCode;
  /** Accept a file with a header and no data rows. */
  readonly allowEmpty?: boolean;
}

function missingColumns(where: string, path: string, required: readonly string[], found: readonly string[], code: ErrorCode): ClipEvalError | undefined {
  const missing = required.filter((c) => !found.includes(c));
  if (missing.length === 0) return undefined;
  const shown = found.length > 12 ? `${found.slice(0, 12).join(', ')}, ...` : found.join(', ');
  return new ClipEvalError(code, `${where}: ${path} lacks column(s) ${missing.join(', ')} (found: ${shown || 'no header'}; expected ${required.join(',')})`);
}

/** Parses CSV text with a header row; `where` names the file in error messages. */
export function parseCsv(text: string | Buffer, where: string, options: CsvReadOptions = {}): CsvTable {
  let rows: string[][];
  try {
    rows = parse(text, { skip_empty_lines: true, trim: true, bom: true, delimiter: options.delimiter ?? ',' });
  } catch (error) {
    throw new ClipEvalError(options.code ?? 'DATASET', `${where}: not a readable CSV file: ${errorMessage(error)}`, { cause: error });
  }
  const [header = [], ...body] = rows;
  const columns = header.map((c) => c.trim());
  const records = body.map((cells) => Object.fromEntries(columns.map((c, i) => [c, (cells[i] ?? '').trim()])));
  return { columns, records };
}

/** Reads a CSV file and checks that it has the given columns (extra columns are kept). */
export async function readCsv(path: string, required: readonly string[] = [], where = path, options: CsvReadOptions = {}): Promise<CsvTable> {
  const code = options.code ?? 'DATASET';
  const text = await readFile(path).catch((error: unknown) => {
    throw new ClipEvalError(code, `${where}: cannot read ${path}: ${errorMessage(error)}`, { cause: error });
  });
  const table = parseCsv(text, where, options);
  if (table.columns.length === 0 || (table.records.length === 0 && !options.allowEmpty)) {
    throw new ClipEvalError(code, `${where}: ${path} has no ${table.columns.length === 0 ? 'header row' : 'data rows'}${required.length ? ` (expected columns ${required.join(',')})` : ''}`);
  }
  const missing = missingColumns(where, path, required, table.columns, code);
  if (missing) throw missing;
  return table;
}

/**
 * The records of a large CSV file one at a time (FER2013's 290 MB fer2013.csv), with the 1-based line of each;
 * the first record is checked for the required columns.
 */
export async function* streamCsv(path: string, required: readonly string[], where = path): AsyncGenerator<{ record: CsvRecord; line: number }> {
  const parser = createReadStream(path).pipe(parseStream({ columns: true, skip_empty_lines: true, trim: true, bom: true, info: true }));
  let checked = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      if (!checked) {
        const missing = missingColumns(where, path, required, Object.keys(record), 'DATASET');
        if (missing) throw missing;
        checked = true;
      }
      yield { record, line: info.lines };
    }
  } catch (error) {
    if (error instanceof ClipEvalError) throw error;
    throw new ClipEvalError('DATASET', `${where}: cannot read ${path} as CSV: ${errorMessage(error)}`, { cause: error });
  } finally {
    parser.destroy();
  }
}

/** One CSV line (RFC 4180 quoting: fields with a comma, quote or newline are quoted, quotes doubled). */
export function csvLine(fields: readonly (string | number | boolean | undefined)[]): string {
  return (
    fields
      .map((f) => {
        const text = f === undefined ? '' : String(f);
        return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
      })
      .join(',') + '\n'
  );
}

export type CsvCell = string | number | boolean | null | undefined;

/** CSV text with a header row; missing and non-finite values become empty cells. */
export function formatCsv(columns: readonly string[], rows: readonly Readonly<Record<string, CsvCell>>[]): string {
  const field = (cell: CsvCell) => (cell === null || (typeof cell === 'number' && !Number.isFinite(cell)) ? undefined : cell);
  return csvLine(columns) + rows.map((row) => csvLine(columns.map((c) => field(row[c])))).join('');
}
