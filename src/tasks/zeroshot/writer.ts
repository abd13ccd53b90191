import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine } from '../../core/csv.js';
import { removeStaleLeftovers, removeStaleTempFiles, withFileErrors, writeFileAtomic, writeJsonAtomic } from '../../core/fs.js';
import { NpyRowWriter, writeMatrixNpy } from '../../core/npy-writer.js';
import type { Skip } from '../../core/sample.js';
import type { Matrix } from '../../core/tensor.js';
import type { FailedSample } from '../../features/embed-dataset.js';
import { recordResult } from '../../results/store.js';
import { formatFloat32, PROBABILITY_COLUMNS } from './probabilities.js';
import { zeroShotResultRow, type ZeroShotMetrics } from './result.js';
import type { ScoredBatch } from './score.js';

export const ZEROSHOT_FILES = {
  metrics: 'metrics.json',
  predictions: 'predictions.csv',
  failures: 'failures.csv',
  skipped: 'skipped.csv',
  embeddings: 'image_embeddings.npy',
  classifier: 'classifier.npy',
  /** [N, C] float32: the model's own scores, logit_scale x cosine (+ logit_bias), rows as predictions.csv. */
  logits: 'logits.npy',
} as const;

function summarizeSkips(skips: readonly Skip[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of skips) counts[s.reason] = (counts[s.reason] ?? 0) + 1;
  return counts;
}

/** A streamed .npy of NpyRowWriter: `<file>.<pid>.partial`. */
const NPY_PARTIAL = /^.+\.npy\.(\d+)\.partial$/;

/**
 * What killed runs left in `out`: temporary files of atomic writes and streamed .npy files of dead
 * processes (predictions.csv.partial is rewritten by this run). A live writer's files are kept.
 */
async function removeKilledRunFiles(out: string): Promise<void> {
  await removeStaleTempFiles(out);
  await removeStaleLeftovers(out, (name) => {
    const m = NPY_PARTIAL.exec(name);
    return m ? { pid: Number(m[1]) } : undefined;
  });
}

/**
 * The zero-shot run's files: predictions.csv (and image_embeddings.npy) streamed as batches are scored,
 * then failures, skips, the classifier and metrics.json, and the results-store row.
 */
export class ZeroShotWriter {
  private constructor(
    private readonly out: string,
    private readonly labelNames: readonly string[],
    private readonly attributes: readonly string[],
    private readonly predictions: FileHandle,
    private readonly embeddings: NpyRowWriter | undefined,
    private readonly logits: NpyRowWriter | undefined,
    private readonly probabilities: boolean,
  ) {}

  /**
   * `probabilities`: the head gives probabilities, so each scored batch carries the model's own logits
   * (written to logits.npy with saveEmbeddings) and predictions.csv ends with the probability columns.
   */
  static async open(out: string, options: { readonly labelNames: readonly string[]; readonly attributes: readonly string[]; readonly saveEmbeddings: boolean; readonly probabilities?: boolean }): Promise<ZeroShotWriter> {
    const probabilities = options.probabilities ?? false;
    const partial = join(out, `${ZEROSHOT_FILES.predictions}.partial`);
    await removeKilledRunFiles(out);
    const predictions = await withFileErrors(partial, async () => {
      await mkdir(out, { recursive: true });
      const handle = await open(partial, 'w');
      try {
        await handle.write(csvLine(['index', 'path', 'label', 'pred', 'correct', 'top5', ...options.attributes, ...(probabilities ? [PROBABILITY_COLUMNS.pred, PROBABILITY_COLUMNS.label] : [])]));
      } catch (error) {
        await handle.close();
        throw error;
      }
      return handle;
    });
    const embeddings = options.saveEmbeddings ? await NpyRowWriter.create(join(out, ZEROSHOT_FILES.embeddings)) : undefined;
    const logits = options.saveEmbeddings && probabilities ? await NpyRowWriter.create(join(out, ZEROSHOT_FILES.logits)) : undefined;
    return new ZeroShotWriter(out, options.labelNames, options.attributes, predictions, embeddings, logits, probabilities);
  }

  async write(batch: ScoredBatch): Promise<void> {
    const names = this.labelNames;
    const probabilities = batch.probabilities;
    if (this.probabilities && (!probabilities || !batch.modelLogits)) throw new Error('ZeroShotWriter: a batch without the probabilities the run was opened for');
    let lines = '';
    batch.items.forEach(({ index, sample }, i) => {
      const ranked = batch.ranked[i]!;
      const pred = ranked[0]!;
      const probs = this.probabilities ? [formatFloat32(probabilities!.pred[i]!), formatFloat32(probabilities!.label[i]!)] : [];
      lines += csvLine([index, sample.id, names[sample.label], names[pred], pred === sample.label ? 1 : 0, ranked.map((l) => names[l]).join('|'), ...this.attributes.map((a) => sample.attrs?.[a] ?? ''), ...probs]);
    });
    await withFileErrors(join(this.out, `${ZEROSHOT_FILES.predictions}.partial`), () => this.predictions.write(lines));
    await this.embeddings?.append(batch.features.data, batch.features.cols);
    if (this.logits) await this.logits.append(batch.modelLogits!.data, batch.modelLogits!.cols);
  }

  /** Ends the streamed files after a failure: nothing half-written takes a final name or is left behind. */
  async abort(): Promise<void> {
    await this.predictions.close();
    await rm(join(this.out, `${ZEROSHOT_FILES.predictions}.partial`), { force: true });
    await this.embeddings?.abort();
    await this.logits?.abort();
  }

  /** Gives the streamed files their final names. */
  async close(): Promise<void> {
    await this.predictions.close();
    const path = join(this.out, ZEROSHOT_FILES.predictions);
    await rename(`${path}.partial`, path);
    await this.embeddings?.close();
    await this.logits?.close();
  }

  /** Everything else a finished run writes; a sharded run's row is recorded by `merge` once all shards are in. */
  /** failures.csv and skipped.csv: written even when no image could be read, so the run says which and why. */
  async writeLosses(failures: readonly FailedSample[], skips: readonly Skip[]): Promise<void> {
    await writeFileAtomic(join(this.out, ZEROSHOT_FILES.failures), csvLine(['index', 'path', 'reason']) + failures.map((f) => csvLine([f.index, f.sample.id, f.reason])).join(''));
    await writeFileAtomic(join(this.out, ZEROSHOT_FILES.skipped), csvLine(['path', 'reason']) + skips.map((s) => csvLine([s.path, s.reason])).join(''));
  }

  async finish(metrics: ZeroShotMetrics, rest: { readonly classifier?: Matrix; readonly failures: readonly FailedSample[]; readonly skips: readonly Skip[]; readonly label?: string }): Promise<void> {
    const { out } = this;
    if (rest.classifier) await writeMatrixNpy(join(out, ZEROSHOT_FILES.classifier), rest.classifier);
    await this.writeLosses(rest.failures, rest.skips);
    await writeJsonAtomic(join(out, ZEROSHOT_FILES.metrics), { ...metrics, skipped_reasons: summarizeSkips(rest.skips) });
    if (metrics.shard === null) await recordResult(out, zeroShotResultRow(metrics, rest.label));
  }
}
