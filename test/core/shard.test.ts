import { describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../src/core/errors.js';
import { inShard, parseShard, type ShardEnv } from '../../src/core/shard.js';

/** The variables Slurm sets in an array task, as sbatch --array=MIN-MAX[:STEP] does (checked on Slurm 22.05). */
function slurmTask(id: number, min: number, max: number, step = 1, count = (max - min) / step + 1): ShardEnv {
  return {
    SLURM_JOB_ID: '41',
    SLURM_ARRAY_JOB_ID: '40',
    SLURM_ARRAY_TASK_ID: String(id),
    SLURM_ARRAY_TASK_MIN: String(min),
    SLURM_ARRAY_TASK_MAX: String(max),
    SLURM_ARRAY_TASK_STEP: String(step),
    SLURM_ARRAY_TASK_COUNT: String(count),
  };
}

function usageError(run: () => unknown): ClipEvalError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ClipEvalError);
    expect((error as ClipEvalError).code).toBe('USAGE');
    return error as ClipEvalError;
  }
  throw new Error('expected a usage error');
}

describe('parseShard I/N', () => {
  it('reads I/N and ignores the environment', () => {
    expect(parseShard('2/4', slurmTask(0, 0, 1))).toEqual({ index: 2, count: 4 });
    expect(parseShard(' 0/1 ', {})).toEqual({ index: 0, count: 1 });
  });

  it('refuses malformed and out-of-range specs', () => {
    expect(usageError(() => parseShard('4/4', {})).message).toMatch(/--shard 4\/4 is out of range/);
    expect(usageError(() => parseShard('0/0', {})).message).toMatch(/out of range/);
    expect(usageError(() => parseShard('1-4', {})).message).toMatch(/--shard must be I\/N or auto, got '1-4'/);
    expect(usageError(() => parseShard('Auto', {})).message).toMatch(/must be I\/N or auto/);
  });

  it('keeps the samples whose index is I modulo N', () => {
    const kept = Array.from({ length: 10 }, (_, i) => i).filter((i) => inShard(i, { index: 1, count: 3 }));
    expect(kept).toEqual([1, 4, 7]);
    expect(inShard(5, undefined)).toBe(true);
  });
});

describe('parseShard auto in a Slurm job array', () => {
  it('is the task id of a 0-based array', () => {
    expect(parseShard('auto', slurmTask(0, 0, 15))).toEqual({ index: 0, count: 16 });
    expect(parseShard('auto', slurmTask(15, 0, 15))).toEqual({ index: 15, count: 16 });
  });

  it('offsets by SLURM_ARRAY_TASK_MIN: --array=3-5 is shards 0..2 of 3', () => {
    expect([3, 4, 5].map((id) => parseShard('auto', slurmTask(id, 3, 5)))).toEqual([0, 1, 2].map((index) => ({ index, count: 3 })));
  });

  it('divides by the step: --array=0-15:2 is shards 0..7 of 8', () => {
    expect([0, 2, 14].map((id) => parseShard('auto', slurmTask(id, 0, 14, 2)).index)).toEqual([0, 1, 7]);
    expect(parseShard('auto', slurmTask(7, 1, 13, 3))).toEqual({ index: 2, count: 5 });
  });

  it('a one-task array is the whole dataset', () => {
    expect(parseShard('auto', slurmTask(7, 7, 7))).toEqual({ index: 0, count: 1 });
  });

  it('refuses a list array, which Slurm reports as a range with too few tasks', () => {
    // sbatch --array=1,4,9 sets MIN=1 MAX=9 STEP=1 COUNT=3
    const error = usageError(() => parseShard('auto', slurmTask(4, 1, 9, 1, 3)));
    expect(error.message).toMatch(/not a range A-B or A-B:S.*sbatch --array=0-N, or give --shard I\/N/);
  });

  it('names a missing or malformed variable', () => {
    const { SLURM_ARRAY_TASK_COUNT: _c, ...noCount } = slurmTask(1, 0, 3);
    expect(usageError(() => parseShard('auto', noCount)).message).toMatch(/SLURM_ARRAY_TASK_COUNT is not set/);
    expect(usageError(() => parseShard('auto', { ...slurmTask(1, 0, 3), SLURM_ARRAY_TASK_ID: 'x' })).message).toMatch(/SLURM_ARRAY_TASK_ID="x" is not a non-negative integer/);
  });

  it('takes Slurm before Kubernetes when both are set', () => {
    expect(parseShard('auto', { ...slurmTask(2, 0, 3), JOB_COMPLETION_INDEX: '0', CLIP_EVAL_SHARD_COUNT: '9' })).toEqual({ index: 2, count: 4 });
  });
});

describe('parseShard auto in a Kubernetes Indexed Job', () => {
  it('is JOB_COMPLETION_INDEX of CLIP_EVAL_SHARD_COUNT', () => {
    expect(parseShard('auto', { JOB_COMPLETION_INDEX: '5', CLIP_EVAL_SHARD_COUNT: '16' })).toEqual({ index: 5, count: 16 });
  });

  it('asks for the count the manifest must set, and checks the range', () => {
    expect(usageError(() => parseShard('auto', { JOB_COMPLETION_INDEX: '5' })).message).toMatch(/CLIP_EVAL_SHARD_COUNT is not set.*spec\.completions/);
    expect(usageError(() => parseShard('auto', { JOB_COMPLETION_INDEX: '16', CLIP_EVAL_SHARD_COUNT: '16' })).message).toMatch(/out of range/);
  });
});

describe('parseShard auto outside a scheduler', () => {
  it('says neither is set', () => {
    expect(usageError(() => parseShard('auto', { HOME: '/root' })).message).toMatch(/neither a Slurm job array .* nor a Kubernetes Indexed Job .*give --shard I\/N/);
  });

  it('says a plain Slurm job is not an array task', () => {
    expect(usageError(() => parseShard('auto', { SLURM_JOB_ID: '12' })).message).toMatch(/Slurm job 12 is not a job array task.*sbatch --array=0-N/);
  });
});
