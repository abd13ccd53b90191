import { join } from 'node:path';
import { ClipEvalError } from '../core/errors.js';
import { writeJsonAtomic } from '../core/fs.js';
import { clipBenchmarkFileName, toClipBenchmark } from './clip-benchmark.js';
import type { ResultRow } from './result-row.js';
import { RESULTS_FILES, readResults, writeResults } from './store.js';
import { walkFolders } from './walk.js';

/** Every folder at or below `root` that holds a results.jsonl, in sorted order. */
export async function findResultFolders(root: string): Promise<string[]> {
  return (await walkFolders(root)).filter((f) => f.files.includes(RESULTS_FILES.jsonl)).map((f) => f.dir);
}

/** The rows of every results.jsonl at or below each folder, exact duplicates dropped, ordered by time. */
export async function collectResults(roots: readonly string[]): Promise<{ rows: ResultRow[]; duplicates: number; folders: string[] }> {
  const seen = new Set<string>();
  const rows: ResultRow[] = [];
  const folders: string[] = [];
  let duplicates = 0;
  for (const root of roots) {
    const found = await findResultFolders(root);
    if (found.length === 0) throw new ClipEvalError('INPUT', `no ${RESULTS_FILES.jsonl} at or below ${root}; run a task with --out there first`);
    for (const dir of found) {
      folders.push(dir);
      for (const row of await readResults(dir)) {
        const key = JSON.stringify(row);
        if (seen.has(key)) duplicates++;
        else {
          seen.add(key);
          rows.push(row);
        }
      }
    }
  }
  rows.sort((a, b) => a.time.localeCompare(b.time));
  return { rows, duplicates, folders };
}

export interface MergeSummary {
  readonly rows: number;
  readonly duplicates: number;
  readonly folders: readonly string[];
}

/**
 * `clip-eval results merge`: joins the results of several runs or machines into `outDir` (results.jsonl,
 * results.csv and the CLIP_benchmark JSON files; for a repeated run of one model on one dataset split,
 * the later one's JSON is kept).
 */
export async function mergeResults(outDir: string, roots: readonly string[]): Promise<MergeSummary> {
  const { rows, duplicates, folders } = await collectResults(roots);
  await writeResults(outDir, rows);
  for (const row of rows) {
    const benchmark = toClipBenchmark(row);
    if (benchmark) await writeJsonAtomic(join(outDir, clipBenchmarkFileName(benchmark)), benchmark);
  }
  return { rows: rows.length, duplicates, folders };
}
