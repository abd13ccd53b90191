import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipEvalError } from '../core/errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../core/fs.js';
import { clipBenchmarkFileName, toClipBenchmark } from './clip-benchmark.js';
import { formatCsv, type CsvCell } from '../core/csv.js';
import { rowLabel, validateResultRow, type ResultRow } from './result-row.js';

/** File names of the results store inside an output folder. */
export const RESULTS_FILES = { jsonl: 'results.jsonl', csv: 'results.csv' } as const;

/**
 * Records one run in `outDir`: appends a line to results.jsonl (a single append, so concurrent writers
 * do not interleave within a line), rewrites results.csv from it, and writes the CLIP_benchmark JSON.
 */
export async function recordResult(outDir: string, row: ResultRow): Promise<void> {
  validateResultRow(row, `result of ${row.task} on ${row.dataset}/${row.split}`);
  await mkdir(outDir, { recursive: true });
  await appendFile(join(outDir, RESULTS_FILES.jsonl), JSON.stringify(row) + '\n');
  await writeResultsCsv(outDir, await readResults(outDir));
  const benchmark = toClipBenchmark(row);
  if (benchmark) await writeJsonAtomic(join(outDir, clipBenchmarkFileName(benchmark)), benchmark);
}

/** The rows of `dir/results.jsonl` (an empty list when the folder has none). */
export async function readResults(dir: string): Promise<ResultRow[]> {
  const path = join(dir, RESULTS_FILES.jsonl);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new ClipEvalError('INPUT', `cannot read ${path}: ${(error as Error).message}`, { cause: error });
  }
  const rows: ResultRow[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new ClipEvalError('INPUT', `${path}:${i + 1}: not a JSON line (a run may have been cut off while writing; delete that line)`);
    }
    rows.push(validateResultRow(value, `${path}:${i + 1}`));
  });
  return rows;
}

/** Writes a whole results store (results.jsonl and results.csv) atomically, e.g. after a merge. */
export async function writeResults(dir: string, rows: readonly ResultRow[]): Promise<void> {
  await writeFileAtomic(join(dir, RESULTS_FILES.jsonl), rows.map((r) => JSON.stringify(r) + '\n').join(''));
  await writeResultsCsv(dir, rows);
}

const LEADING_COLUMNS = ['label', 'model', 'pretrained', 'dataset', 'split', 'task', 'templates', 'n'] as const;
const TRAILING_COLUMNS = ['config_hash', 'harness_version', 'time'] as const;

/** Flattens rows to one CSV table: run fields, then every metric that any row has, then provenance. */
export function resultsToCsv(rows: readonly ResultRow[]): string {
  const metricColumns = [...new Set(rows.flatMap((r) => Object.keys(r.metrics)))];
  const records = rows.map((r): Record<string, CsvCell> => ({
    ...(r.metrics as unknown as Readonly<Record<string, CsvCell>>),
    label: rowLabel(r),
    model: r.model,
    pretrained: r.pretrained ?? '',
    dataset: r.dataset,
    split: r.split,
    task: r.task,
    templates: r.templates,
    n: r.n,
    config_hash: r.config_hash,
    harness_version: r.harness_version,
    time: r.time,
  }));
  return formatCsv([...LEADING_COLUMNS, ...metricColumns, ...TRAILING_COLUMNS], records);
}

async function writeResultsCsv(dir: string, rows: readonly ResultRow[]): Promise<void> {
  await writeFileAtomic(join(dir, RESULTS_FILES.csv), resultsToCsv(rows));
}
