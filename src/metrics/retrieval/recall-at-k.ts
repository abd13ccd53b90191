import { ClipEvalError } from '../../core/errors.js';

/** A retrieval metric reads each query's rank of its first correct target (see `firstCorrectRanks`). */
export interface RetrievalMetric {
  readonly name: string;
  readonly description: string;
  /** A fraction in [0, 1]. */
  readonly fraction: true;
  compute(ranks: Int32Array): number;
}

/** The fraction of queries whose first correct target ranks among the k best (0-based rank < k); NaN for no queries. */
export function recallAtK(ranks: Int32Array, k: number): number {
  if (!Number.isInteger(k) || k < 1) throw new ClipEvalError('INPUT', `recallAtK: k must be a positive integer, got ${k}`);
  let hits = 0;
  for (const rank of ranks) if (rank < k) hits++;
  return ranks.length > 0 ? hits / ranks.length : NaN;
}

export function recallAt(k: number): RetrievalMetric {
  return {
    name: `recall@${k}`,
    description: `fraction of queries with a correct target among the ${k} highest-scoring targets`,
    fraction: true,
    compute: (ranks) => recallAtK(ranks, k),
  };
}
