import { mkdir, open, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine, readCsv } from '../../core/csv.js';
import { ClipEvalError } from '../../core/errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../../core/fs.js';
import { recordResult } from '../../results/store.js';
import { retrievalResultRow, type RetrievalRunMetrics } from './result.js';
import type { RetrievalRun } from './run.js';

export const RETRIEVAL_FILES = {
  metrics: 'metrics.json',
  ranks: 'ranks.csv',
  failures: 'failures.csv',
  skipped: 'skipped.csv',
} as const;

/** Lines of ranks.csv written per file write (250,000 captions stream out in pieces). */
const LINES_PER_WRITE = 4096;

/**
 * ranks.csv: one row per query, `query` `text` (a caption looking for its image) or `image` (an image looking
 * for any of its captions), `index` (the caption's or image's position in the dataset's order), `image` (the
 * image's id), `rank` (1-based rank of the first correct match: recall@k counts rank <= k) and the caption.
 */
async function writeRanks(path: string, run: RetrievalRun): Promise<void> {
  const partial = `${path}.partial`;
  const file = await open(partial, 'w');
  try {
    let lines = csvLine(['query', 'index', 'image', 'rank', 'caption']);
    let count = 0;
    const flush = async (force = false) => {
      if (force || ++count % LINES_PER_WRITE === 0) {
        await file.write(lines);
        lines = '';
      }
    };
    const { ids, indices } = run.images;
    const t2i = run.scores.textToImage.ranks;
    for (const [q, caption] of run.captions.entries()) {
      lines += csvLine(['text', caption.index, ids[caption.row]!, t2i[q]! + 1, caption.text]);
      await flush();
    }
    const i2t = run.scores.imageToText.ranks;
    for (let row = 0; row < ids.length; row++) {
      lines += csvLine(['image', indices[row]!, ids[row]!, i2t[row]! + 1, '']);
      await flush();
    }
    await flush(true);
  } finally {
    await file.close();
  }
  await rename(partial, path);
}

/** Every file of a retrieval run, and its results-store row (with the CLIP_benchmark `zeroshot_retrieval` file). */
export async function writeRetrieval(out: string, run: RetrievalRun, options: { readonly label?: string } = {}): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeRanks(join(out, RETRIEVAL_FILES.ranks), run);
  await writeFileAtomic(join(out, RETRIEVAL_FILES.failures), csvLine(['index', 'path', 'reason', 'captions_dropped']) + run.failures.map((f) => csvLine([f.index, f.path, f.reason, f.captions])).join(''));
  await writeFileAtomic(join(out, RETRIEVAL_FILES.skipped), csvLine(['path', 'reason']) + run.skips.map((s) => csvLine([s.path, s.reason])).join(''));
  await writeJsonAtomic(join(out, RETRIEVAL_FILES.metrics), run.metrics);
  await recordResult(out, retrievalResultRow(run.metrics, options.label));
}

/** A finished run read back from its folder (metrics.json and ranks.csv), for comparisons in a report. */
export async function readRetrievalRun(dir: string): Promise<{ metrics: RetrievalRunMetrics; textRanks: Int32Array; imageRanks: Int32Array }> {
  const path = join(dir, RETRIEVAL_FILES.metrics);
  const text = await readFile(path, 'utf8').catch((error: unknown) => {
    throw new ClipEvalError('INPUT', `--compare ${dir}: cannot read ${path} (${(error as Error).message}); pass the --out folder of a retrieval run`);
  });
  let metrics: RetrievalRunMetrics;
  try {
    metrics = JSON.parse(text) as RetrievalRunMetrics;
  } catch {
    throw new ClipEvalError('INPUT', `--compare ${dir}: ${path} is not valid JSON`);
  }
  if (metrics.task !== 'retrieval') throw new ClipEvalError('INPUT', `--compare ${dir}: ${path} is a ${String(metrics.task)} run, not a retrieval run`);
  const { records } = await readCsv(join(dir, RETRIEVAL_FILES.ranks), ['query', 'rank'], `--compare ${dir}`, { code: 'INPUT' });
  const text_: number[] = [];
  const image: number[] = [];
  records.forEach((r, i) => {
    const rank = Number(r.rank);
    if (!Number.isInteger(rank) || rank < 1) throw new ClipEvalError('INPUT', `--compare ${dir}: ${RETRIEVAL_FILES.ranks}:${i + 2} has rank ${JSON.stringify(r.rank)}, not a whole number from 1`);
    (r.query === 'text' ? text_ : image).push(rank - 1);
  });
  return { metrics, textRanks: Int32Array.from(text_), imageRanks: Int32Array.from(image) };
}
