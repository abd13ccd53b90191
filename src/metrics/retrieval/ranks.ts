import { ClipEvalError } from '../../core/errors.js';
import { matmulTransposed } from '../../core/linalg.js';
import type { Matrix } from '../../core/tensor.js';

/**
 * Which targets are correct for each query, in compressed rows: query q's correct targets are
 * `targets[offsets[q] .. offsets[q + 1])` (e.g. an image's five captions). `offsets` has queries + 1 entries.
 */
export interface CorrectTargets {
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
}

export type IsCorrect = ((query: number, target: number) => boolean) | CorrectTargets;

/** Rows of scores computed at a time when `blockRows` is not given: 256 x targets float32 values. */
export const DEFAULT_BLOCK_ROWS = 256;

/**
 * Each query's 0-based rank of its first correct target under the scores queries x targets^T (both rows
 * already normalised if cosine is meant): the number of targets scoring strictly higher than its best
 * correct target. Scores are computed `blockRows` queries at a time by `matmulTransposed` (float64 dot
 * products rounded to float32), so memory is blockRows x targets, never queries x targets.
 *
 * Ties: CLIP_benchmark counts a hit when a correct target is among `torch.topk(scores, k)`, whose order
 * among equal scores is unspecified. Counting only strictly higher targets resolves every tie in favour
 * of the correct target, so a correct target tied at the k-th place is a hit; with real features ties
 * are rare, and this choice makes the rank independent of target order.
 */
export function firstCorrectRanks(queries: Matrix, targets: Matrix, isCorrect: IsCorrect, blockRows = DEFAULT_BLOCK_ROWS): Int32Array {
  checkInputs(queries, targets, isCorrect, blockRows);
  const ranks = new Int32Array(queries.rows);
  for (let start = 0; start < queries.rows; start += blockRows) {
    const block = queryBlock(queries, start, blockRows);
    rankBlock(matmulTransposed(block, targets).data, start, block.rows, targets.rows, isCorrect, ranks);
  }
  return ranks;
}

/** A block multiplier: the scores block x targets^T, [block.rows, targets.rows] row-major in float32. */
export type BlockScorer = (block: Matrix, targets: Matrix) => Promise<Float32Array>;

/**
 * `firstCorrectRanks` with another (e.g. onnxruntime's multithreaded) matrix product: same blocks, same tie rule,
 * the block's scores from `score`. `blockRows` bounds memory to blockRows x targets float32 scores.
 */
export async function firstCorrectRanksWith(queries: Matrix, targets: Matrix, isCorrect: IsCorrect, score: BlockScorer, blockRows = DEFAULT_BLOCK_ROWS): Promise<Int32Array> {
  checkInputs(queries, targets, isCorrect, blockRows);
  const ranks = new Int32Array(queries.rows);
  for (let start = 0; start < queries.rows; start += blockRows) {
    const block = queryBlock(queries, start, blockRows);
    const scores = await score(block, targets);
    if (scores.length !== block.rows * targets.rows) throw new ClipEvalError('INPUT', `firstCorrectRanks: the scorer returned ${scores.length} scores for a ${block.rows} x ${targets.rows} block`);
    rankBlock(scores, start, block.rows, targets.rows, isCorrect, ranks);
  }
  return ranks;
}

function checkInputs(queries: Matrix, targets: Matrix, isCorrect: IsCorrect, blockRows: number): void {
  if (queries.cols !== targets.cols) throw new ClipEvalError('INPUT', `firstCorrectRanks: queries have ${queries.cols} dimensions but targets ${targets.cols}`);
  if (!Number.isInteger(blockRows) || blockRows < 1) throw new ClipEvalError('INPUT', `firstCorrectRanks: blockRows must be a positive integer, got ${blockRows}`);
  if (typeof isCorrect !== 'function') checkCorrectTargets(isCorrect, queries.rows, targets.rows);
}

function queryBlock(queries: Matrix, start: number, blockRows: number): Matrix {
  const rows = Math.min(blockRows, queries.rows - start);
  return { rows, cols: queries.cols, data: queries.data.subarray(start * queries.cols, (start + rows) * queries.cols) };
}

/** Ranks of queries start..start+rows from their scores block (the tie rule above: only strictly higher targets count). */
function rankBlock(scores: Float32Array, start: number, rows: number, t: number, isCorrect: IsCorrect, ranks: Int32Array): void {
  for (let r = 0; r < rows; r++) {
    const q = start + r;
    const base = r * t;
    let best = -Infinity;
    let found = false;
    if (typeof isCorrect === 'function') {
      for (let j = 0; j < t; j++) {
        if (!isCorrect(q, j)) continue;
        found = true;
        if (scores[base + j]! > best) best = scores[base + j]!;
      }
    } else {
      for (let i = isCorrect.offsets[q]!; i < isCorrect.offsets[q + 1]!; i++) {
        found = true;
        const s = scores[base + isCorrect.targets[i]!]!;
        if (s > best) best = s;
      }
    }
    if (!found) throw new ClipEvalError('INPUT', `firstCorrectRanks: query ${q} has no correct target`);
    let higher = 0;
    for (let j = base, end = base + t; j < end; j++) if (scores[j]! > best) higher++;
    ranks[q] = higher;
  }
}

function checkCorrectTargets({ offsets, targets }: CorrectTargets, queries: number, targetCount: number): void {
  if (offsets.length !== queries + 1) throw new ClipEvalError('INPUT', `firstCorrectRanks: correct-target offsets have ${offsets.length} entries for ${queries} queries (need queries + 1)`);
  for (let q = 0; q < queries; q++) {
    if (offsets[q]! > offsets[q + 1]!) throw new ClipEvalError('INPUT', `firstCorrectRanks: correct-target offsets decrease at query ${q}`);
  }
  if (offsets[0] !== 0 || offsets[queries] !== targets.length) throw new ClipEvalError('INPUT', `firstCorrectRanks: correct-target offsets must run from 0 to ${targets.length}`);
  const bad = targets.findIndex((j) => j < 0 || j >= targetCount);
  if (bad >= 0) throw new ClipEvalError('INPUT', `firstCorrectRanks: correct target ${targets[bad]} (entry ${bad}) is outside the ${targetCount} targets`);
}
