import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine } from '../../core/csv.js';
import { writeFileAtomic, writeJsonAtomic } from '../../core/fs.js';
import type { OpenedBenchmark } from '../../datasets/compositionality/types.js';
import { itemImages } from './images.js';
import type { CompositionalityRun } from './run.js';
import type { ScoredItem } from './score.js';

export const COMPOSITIONALITY_FILES = {
  metrics: 'metrics.json',
  predictions: 'predictions.csv',
  failures: 'failures.csv',
} as const;

const joined = (values: readonly string[] | undefined) => (values ?? []).join('|');

/** predictions.csv: one row per scored item with every image-caption cosine and what the item counts as. */
function predictionsCsv(benchmark: OpenedBenchmark, scored: readonly ScoredItem[]): string {
  const keys = benchmark.groupings.map((g) => g.key);
  if (benchmark.kind === 'choice') {
    const width = Math.max(0, ...benchmark.items.map((i) => i.captions.length));
    const captionCols = Array.from({ length: width }, (_, k) => [`caption_${k}`, `score_${k}`]).flat();
    let out = csvLine(['index', 'id', 'image', ...keys, 'answer', 'pred', 'correct', ...captionCols]);
    for (const s of scored) {
      if (s.kind !== 'choice') continue;
      const cells = Array.from({ length: width }, (_, k) => [s.item.captions[k] ?? '', s.scores[k] === undefined ? '' : s.scores[k]!]).flat();
      out += csvLine([s.index, s.item.id, itemImages(s.item)[0]!.id, ...keys.map((k) => joined(s.item.groups[k])), s.item.answer, s.pred, s.outcome.accuracy ? 1 : 0, ...cells]);
    }
    return out;
  }
  let out = csvLine(['index', 'id', 'image_0', 'image_1', ...keys, 'caption_0', 'caption_1', 'c0_i0', 'c0_i1', 'c1_i0', 'c1_i1', 'text_correct', 'image_correct', 'group_correct']);
  for (const s of scored) {
    if (s.kind !== 'group') continue;
    const [[a, b], [c, d]] = s.scores;
    const o = s.outcome;
    out += csvLine([s.index, s.item.id, s.item.images[0].id, s.item.images[1].id, ...keys.map((k) => joined(s.item.groups[k])), ...s.item.captions, a, b, c, d, o.text_score ? 1 : 0, o.image_score ? 1 : 0, o.group_score ? 1 : 0]);
  }
  return out;
}

/** The run's files: metrics.json, predictions.csv (scores at full float32 precision), failures.csv. */
export async function writeCompositionality(out: string, run: CompositionalityRun): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFileAtomic(join(out, COMPOSITIONALITY_FILES.predictions), predictionsCsv(run.benchmark, run.scored));
  await writeFileAtomic(join(out, COMPOSITIONALITY_FILES.failures), csvLine(['index', 'id', 'path', 'reason']) + run.failures.map((f) => csvLine([f.index, f.id, f.path, f.reason])).join(''));
  await writeJsonAtomic(join(out, COMPOSITIONALITY_FILES.metrics), run.metrics);
}
