import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { parse as parseStream } from 'csv-parse';
import { parse } from 'csv-parse/sync';
import { ClipEvalError } from '../../core/errors.js';

/**
 * The one module that imports csv-parse: dataset label files with a header row (FairFace's label CSVs,
 * ImageNet's LOC_val_solution.csv, CSV manifests). Each record maps column name to trimmed text.
 */
export type CsvRecord = Readonly<Record<string, string>>;

export interface CsvTable {
  readonly columns: readonly string[];
  readonly records: readonly CsvRecord[];
}

/** Parses CSV text with a header row; `where` names the file in error messages. */
export function parseCsv(text: string | Buffer, where: string, delimiter = ','): CsvTable {
  let records: Record<string, string>[];
  try {
    records = parse(text, { columns: true, skip_empty_lines: true, trim: true, bom: true, delimiter });
  } catch (error) {
    throw new ClipEvalError('DATASET', `${where}: not a readable CSV file: ${(error as Error).message}`, { cause: error });
  }
  const first = records[0];
  return { columns: first === undefined ? [] : Object.keys(first), records };
}

/** Reads a CSV file (GTSRB's are `;`-separated) and checks that it has the given columns (extra columns are kept). */
export async function readCsv(path: string, required: readonly string[] = [], where = path, delimiter = ','): Promise<CsvTable> {
  const text = await readFile(path).catch((error: unknown) => {
    throw new ClipEvalError('DATASET', `${where}: cannot read ${path}: ${(error as Error).message}`, { cause: error });
  });
  const table = parseCsv(text, where, delimiter);
  if (table.records.length === 0) throw new ClipEvalError('DATASET', `${where}: ${path} has no data rows`);
  const missing = required.filter((c) => !table.columns.includes(c));
  if (missing.length > 0) {
    throw new ClipEvalError(
      'DATASET',
      `${where}: ${path} lacks column(s) ${missing.join(', ')} (found: ${table.columns.join(', ')}; expected ${required.join(',')})`,
    );
  }
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
        const missing = required.filter((c) => !(c in record));
        if (missing.length > 0) {
          throw new ClipEvalError('DATASET', `${where}: ${path} lacks column(s) ${missing.join(', ')} (found: ${Object.keys(record).join(', ')}; expected ${required.join(',')})`);
        }
        checked = true;
      }
      yield { record, line: info.lines };
    }
  } catch (error) {
    if (error instanceof ClipEvalError) throw error;
    throw new ClipEvalError('DATASET', `${where}: cannot read ${path} as CSV: ${(error as Error).message}`, { cause: error });
  } finally {
    parser.destroy();
  }
}
