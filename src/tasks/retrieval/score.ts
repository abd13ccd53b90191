import { ClipEvalError } from '../../core/errors.js';
import { normalizeRows } from '../../core/linalg.js';
import type { Matrix } from '../../core/tensor.js';
import type { BootstrapOptions } from '../../metrics/bootstrap.js';
import type { Interval } from '../../metrics/binomial.js';
import { percentileInterval } from '../../metrics/percentile.js';
import { createRng, randomIndex } from '../../metrics/random.js';
import { retrievalMetric, RETRIEVAL_METRICS } from '../../metrics/registry.js';
import { firstCorrectRanksWith, type BlockScorer, type CorrectTargets } from '../../metrics/retrieval/ranks.js';
import { recallAt, type RetrievalMetric } from '../../metrics/retrieval/recall-at-k.js';

/** Score-matrix elements computed at a time (rows x targets): 16M float32 = 64 MB, whatever the sizes. */
export const BLOCK_ELEMENTS = 1 << 24;

export interface RetrievalInput {
  /** [I, D] image features of the gallery (raw or normalised; normalised here). */
  readonly images: Matrix;
  /** [C, D] caption features. */
  readonly captions: Matrix;
  /** For each caption, the row of its image in `images`. */
  readonly captionImage: Int32Array;
}

export interface RetrievalScoreOptions {
  readonly ks: readonly number[];
  readonly bootstrap: BootstrapOptions;
  /**
   * How a block is ranked: `score` returns the block's scores and the ranks are counted here
   * (`firstCorrectRanksWith`); `rank` returns the ranks themselves (the fused onnxruntime graph, whose scores
   * never leave it).
   */
  readonly kernel: { readonly score: BlockScorer } | { readonly rank: BlockRanker };
  /** Score elements per block (default BLOCK_ELEMENTS). */
  readonly blockElements?: number;
}

export interface DirectionScores {
  /** Each query's 0-based rank of its first correct target (targets scoring strictly higher). */
  readonly ranks: Int32Array;
  /** recall@k per k (fractions). */
  readonly recall: Readonly<Record<number, number>>;
  /** Percentile bootstrap interval of each recall@k over the queries. */
  readonly intervals: Readonly<Record<number, Interval>>;
}

export interface RetrievalScores {
  /** Text -> image: each caption a query, its image the one correct target (CLIP_benchmark's image retrieval). */
  readonly textToImage: DirectionScores;
  /** Image -> text: each image a query, any of its captions correct (CLIP_benchmark's text retrieval). */
  readonly imageToText: DirectionScores;
}

/** The metric of `recall@k`: the registry's where it has it, else the same definition for that k. */
function recallMetric(k: number): RetrievalMetric {
  const name = `recall@${k}`;
  return Object.hasOwn(RETRIEVAL_METRICS, name) ? retrievalMetric(name) : recallAt(k);
}

/** The captions of each image in compressed rows (image-to-text correct targets). */
export function captionsByImage(captionImage: Int32Array, images: number): CorrectTargets {
  const offsets = new Int32Array(images + 1);
  for (const i of captionImage) {
    if (i < 0 || i >= images) throw new ClipEvalError('INPUT', `retrieval: caption image ${i} is outside the ${images} images`);
    offsets[i + 1]!++;
  }
  for (let i = 0; i < images; i++) offsets[i + 1]! += offsets[i]!;
  const fill = offsets.slice(0, images);
  const targets = new Int32Array(captionImage.length);
  captionImage.forEach((i, c) => (targets[fill[i]!++] = c));
  for (let i = 0; i < images; i++) if (offsets[i] === offsets[i + 1]) throw new ClipEvalError('INPUT', `retrieval: image ${i} has no caption`);
  return { offsets, targets };
}

/**
 * Intervals of every recall@k of one direction from the same resamples of its queries: resample b draws
 * n queries with replacement and counts, for each k, those ranked below k.
 */
export function bootstrapRecalls(ranks: Int32Array, ks: readonly number[], options: BootstrapOptions): Record<number, Interval> {
  const n = ranks.length;
  const rng = createRng(options.seed);
  const samples = ks.map(() => new Float64Array(options.resamples));
  const hits = new Int32Array(ks.length);
  for (let b = 0; b < options.resamples; b++) {
    hits.fill(0);
    for (let i = 0; i < n; i++) {
      const rank = ranks[randomIndex(rng, n)]!;
      for (let j = 0; j < ks.length; j++) if (rank < ks[j]!) hits[j]!++;
    }
    for (let j = 0; j < ks.length; j++) samples[j]![b] = hits[j]! / n;
  }
  return Object.fromEntries(ks.map((k, j) => [k, percentileInterval(samples[j]!, options.confidence)]));
}

/** Ranks of a block of queries (from query `start`) against all targets, by the rule of `firstCorrectRanks`. */
export type BlockRanker = (block: Matrix, targets: Matrix, correct: CorrectTargets, start: number) => Promise<Int32Array>;

async function rankInBlocks(queries: Matrix, targets: Matrix, correct: CorrectTargets, rank: BlockRanker, blockRows: number): Promise<Int32Array> {
  const ranks = new Int32Array(queries.rows);
  for (let start = 0; start < queries.rows; start += blockRows) {
    const rows = Math.min(blockRows, queries.rows - start);
    const block = { rows, cols: queries.cols, data: queries.data.subarray(start * queries.cols, (start + rows) * queries.cols) };
    ranks.set(await rank(block, targets, correct, start), start);
  }
  return ranks;
}

async function direction(queries: Matrix, targets: Matrix, correct: CorrectTargets, options: RetrievalScoreOptions): Promise<DirectionScores> {
  const blockRows = Math.max(1, Math.floor((options.blockElements ?? BLOCK_ELEMENTS) / Math.max(1, targets.rows)));
  const { kernel } = options;
  const ranks = 'rank' in kernel ? await rankInBlocks(queries, targets, correct, kernel.rank, blockRows) : await firstCorrectRanksWith(queries, targets, correct, kernel.score, blockRows);
  const recall = Object.fromEntries(options.ks.map((k) => [k, recallMetric(k).compute(ranks)]));
  return { ranks, recall, intervals: bootstrapRecalls(ranks, options.ks, options.bootstrap) };
}

/**
 * Zero-shot retrieval as CLIP_benchmark scores it: cosine similarity of L2-normalised embeddings, ranked
 * in blocks both ways (never the full image x caption matrix), recall@k from each query's first correct rank.
 */
export async function scoreRetrieval(input: RetrievalInput, options: RetrievalScoreOptions): Promise<RetrievalScores> {
  const { images, captions, captionImage } = input;
  if (captions.rows !== captionImage.length) throw new ClipEvalError('INPUT', `retrieval: ${captions.rows} caption features for ${captionImage.length} captions`);
  if (images.cols !== captions.cols) throw new ClipEvalError('MODEL', `retrieval: image features have ${images.cols} dimensions but caption features ${captions.cols}`);
  for (const k of options.ks) if (!Number.isInteger(k) || k < 1) throw new ClipEvalError('USAGE', `--recall-k: ${k} is not a positive whole number`);
  const imageUnits = normalizeRows(images);
  const captionUnits = normalizeRows(captions);
  const byImage = captionsByImage(captionImage, images.rows);
  const oneEach: CorrectTargets = { offsets: Int32Array.from({ length: captionImage.length + 1 }, (_, i) => i), targets: captionImage };
  const textToImage = await direction(captionUnits, imageUnits, oneEach, options);
  const imageToText = await direction(imageUnits, captionUnits, byImage, options);
  return { textToImage, imageToText };
}
