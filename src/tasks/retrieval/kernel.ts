import { ClipEvalError } from '../../core/errors.js';
import { tensor, type Matrix } from '../../core/tensor.js';
import type { BlockScorer } from '../../metrics/retrieval/ranks.js';
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
 * The retrieval scorer (bench/retrieval-kernel.mjs measured it against the naive float64 loop of
 * src/core/linalg.ts and a blocked float32 loop: onnxruntime is the fastest by far on 2 cores).
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
