import { ClipEvalError } from '../../core/errors.js';
import { tensor, type Matrix } from '../../core/tensor.js';
import type { BlockScorer, CorrectTargets } from '../../metrics/retrieval/ranks.js';
import { openSessionFromBytes } from '../../model/onnx-session.js';
import { encodeModel, type GraphSpec } from '../linear-probe/onnx-proto.js';

/** queries [m, d] x targets [n, d]^T -> scores [m, n] in float32, by onnxruntime's multithreaded MLAS GEMM. */
const SCORE_GRAPH: GraphSpec = {
  name: 'retrieval_scores',
  opset: 17,
  inputs: [
    { name: 'queries', type: 'float32', dims: ['m', 'd'] },
    { name: 'targets', type: 'float32', dims: ['n', 'd'] },
  ],
  outputs: [{ name: 'scores', type: 'float32', dims: ['m', 'n'] }],
  nodes: [{ op: 'Gemm', inputs: ['queries', 'targets'], outputs: ['scores'], attributes: { transB: 1 } }],
};

export interface ScoreKernel {
  readonly score: BlockScorer;
  release(): Promise<void>;
}

/**
 * A block's scores by onnxruntime (for `firstCorrectRanksWith`): bench/retrieval.mjs measured it 30-55x faster than
 * the naive float64 loop of src/core/linalg.ts and a blocked float32 loop on 2 cores; runs rank with the fused
 * graph below, which also keeps the scores inside onnxruntime.
 */
export async function openScoreKernel(options: { readonly threads: number }): Promise<ScoreKernel> {
  const session = await openSessionFromBytes(encodeModel(SCORE_GRAPH), 'retrieval score graph', { threads: options.threads, device: 'cpu' });
  return {
    async score(block: Matrix, targets: Matrix) {
      const out = await session.run({ queries: tensor(block.data, [block.rows, block.cols]), targets: tensor(targets.data, [targets.rows, targets.cols]) });
      const scores = out.scores?.data;
      if (!(scores instanceof Float32Array)) throw new ClipEvalError('MODEL', "retrieval score graph: output 'scores' is missing or not float32");
      return scores;
    },
    release: () => session.release(),
  };
}

/**
 * The ranking fused into one graph, so the block's scores never leave onnxruntime: each query's best score
 * among its correct targets (gathered from the same GEMM output, so the tie rule is exact) and the number of
 * targets scoring strictly higher. `correct` is [m, c]: each query's correct targets, padded by repeating one.
 */
const RANK_GRAPH: GraphSpec = {
  name: 'retrieval_ranks',
  opset: 17,
  inputs: [
    { name: 'queries', type: 'float32', dims: ['m', 'd'] },
    { name: 'targets', type: 'float32', dims: ['n', 'd'] },
    { name: 'correct', type: 'int64', dims: ['m', 'c'] },
  ],
  outputs: [{ name: 'higher', type: 'float32', dims: ['m'] }],
  int64Constants: { axis1: [1] },
  nodes: [
    { op: 'Gemm', inputs: ['queries', 'targets'], outputs: ['scores'], attributes: { transB: 1 } },
    { op: 'GatherElements', inputs: ['scores', 'correct'], outputs: ['picked'], attributes: { axis: 1 } },
    { op: 'ReduceMax', inputs: ['picked'], outputs: ['best'], attributes: { axes: [1], keepdims: 1 } },
    { op: 'Greater', inputs: ['scores', 'best'], outputs: ['above'] },
    { op: 'Cast', inputs: ['above'], outputs: ['counted'], attributes: { to: 1 } },
    { op: 'ReduceSum', inputs: ['counted', 'axis1'], outputs: ['higher'], attributes: { keepdims: 0 } },
  ],
};

export interface RankKernel {
  /** 0-based first-correct ranks of `block` against `targets` (the rule of `firstCorrectRanks`); `correct` as in CorrectTargets, from query `start`. */
  rank(block: Matrix, targets: Matrix, correct: CorrectTargets, start: number): Promise<Int32Array>;
  release(): Promise<void>;
}

/**
 * Idle intra-op threads do not spin between blocks: on a shared 2-core machine spinning halved the ranking's
 * speed (bench/retrieval.mjs 5000 512: 7.0 s spinning, 3.7 s not).
 */
export async function openRankKernel(options: { readonly threads: number }): Promise<RankKernel> {
  const session = await openSessionFromBytes(encodeModel(RANK_GRAPH), 'retrieval rank graph', { threads: options.threads, device: 'cpu', spinning: false });
  return {
    async rank(block, targets, correct, start) {
      let width = 1;
      for (let r = 0; r < block.rows; r++) width = Math.max(width, correct.offsets[start + r + 1]! - correct.offsets[start + r]!);
      const indices = new BigInt64Array(block.rows * width);
      for (let r = 0; r < block.rows; r++) {
        const from = correct.offsets[start + r]!;
        const count = correct.offsets[start + r + 1]! - from;
        if (count === 0) throw new ClipEvalError('INPUT', `firstCorrectRanks: query ${start + r} has no correct target`);
        for (let j = 0; j < width; j++) indices[r * width + j] = BigInt(correct.targets[from + Math.min(j, count - 1)]!);
      }
      const out = await session.run({ queries: tensor(block.data, [block.rows, block.cols]), targets: tensor(targets.data, [targets.rows, targets.cols]), correct: tensor(indices, [block.rows, width]) });
      const higher = out.higher?.data;
      if (!(higher instanceof Float32Array)) throw new ClipEvalError('MODEL', "retrieval rank graph: output 'higher' is missing or not float32");
      return Int32Array.from(higher);
    },
    release: () => session.release(),
  };
}
