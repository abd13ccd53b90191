import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipEvalError } from '../core/errors.js';
import { withFileErrors, withFileLock, writeFileAtomic, writeJsonAtomic } from '../core/fs.js';
import { clipBenchmarkFileName, toClipBenchmark } from './clip-benchmark.js';
import { formatCsv, type CsvCell } from '../core/csv.js';
import { rowLabel, validateResultRow, type ResultRow } from './result-row.js';

/** File names of the results store inside an output folder. */
export const RESULTS_FILES = { jsonl: 'results.jsonl', csv: 'results.csv' } as const;

/**
 * What makes two rows the same run: task, config hash, dataset and split (and the label, so that rows a
 * caller names apart, e.g. probes of one sweep, stay apart). A rerun replaces its row instead of adding one.
 */
export function sameRun(a: ResultRow, b: ResultRow): boolean {
  return a.task === b.task && a.config_hash === b.config_hash && a.dataset === b.dataset && a.split === b.split && rowLabel(a) === rowLabel(b);
}

/**
 * Records one run in `outDir`: replaces the row of the same run (`sameRun`: task, config hash, dataset, split; a rerun
 * into the same folder, or one after a crash right after the row was written) or adds it, rewriting
 * results.jsonl and results.csv atomically under a lock (concurrent writers each keep their row), and
 * writes the CLIP_benchmark JSON.
 */
export async function recordResult(outDir: string, row: ResultRow): Promise<void> {
  validateResultRow(row, `result of ${row.task} on ${row.dataset}/${row.split}`);
  await withFileErrors(outDir, () => mkdir(outDir, { recursive: true }));
  await withFileLock(join(outDir, `${RESULTS_FILES.jsonl}.lock`), async () => {
    const rows = (await readResults(outDir)).filter((r) => !sameRun(r, row));
    await writeResults(outDir, [...rows, row]);
  });
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
