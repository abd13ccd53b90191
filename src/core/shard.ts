import { ClipEvalError } from './errors.js';

/** Shard I of N (0-based): the samples whose dataset index is I modulo N. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

export function parseShard(text: string): ShardSpec {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) throw new ClipEvalError('USAGE', `--shard must be I/N with 0 <= I < N (e.g. 0/4), got '${text}'`);
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (count < 1 || index >= count) {
    throw new ClipEvalError('USAGE', `--shard ${text} is out of range: I must be between 0 and N-1 (N = ${count})`);
  }
  return { index, count };
}

export function inShard(sampleIndex: number, shard: ShardSpec | undefined): boolean {
  return shard === undefined || sampleIndex % shard.count === shard.index;
}
