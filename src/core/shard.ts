import { ClipEvalError } from './errors.js';

/** Shard I of N (0-based): the samples whose dataset index is I modulo N. */
export interface ShardSpec {
  readonly index: number;
  readonly count: number;
}

/** The environment `--shard auto` reads (process.env in the CLI; any record in tests). */
export type ShardEnv = Readonly<Record<string, string | undefined>>;

/** Set in a Kubernetes Indexed Job's pod template to the Job's `spec.completions` (Kubernetes exposes only the index). */
export const SHARD_COUNT_ENV = 'CLIP_EVAL_SHARD_COUNT';

const USAGE_HINT = 'give --shard I/N with 0 <= I < N (e.g. 0/4), or --shard auto inside a Slurm job array or a Kubernetes Indexed Job';

function usage(message: string): ClipEvalError {
  return new ClipEvalError('USAGE', message);
}

function checked(index: number, count: number, what: string): ShardSpec {
  if (count < 1 || index >= count) throw usage(`${what} is out of range: I must be between 0 and N-1 (N = ${count})`);
  return { index, count };
}

/** A non-negative integer environment variable, or undefined when unset (a malformed value is an error naming it). */
function envInteger(env: ShardEnv, name: string): number | undefined {
  const text = env[name];
  if (text === undefined || text.trim() === '') return undefined;
  if (!/^\d+$/.test(text.trim())) throw usage(`--shard auto: ${name}=${JSON.stringify(text)} is not a non-negative integer`);
  return Number(text.trim());
}

function requireEnv(env: ShardEnv, name: string, why: string): number {
  const value = envInteger(env, name);
  if (value === undefined) throw usage(`--shard auto: ${name} is not set; ${why}`);
  return value;
}

/**
 * A Slurm array task. Array ids need not start at 0 (`--array=3-5` runs ids 3, 4, 5) and may step
 * (`--array=0-15:2` runs 0, 2, ..., 14): shard I is the task's position in the range,
 * (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP, of SLURM_ARRAY_TASK_COUNT. A list such as
 * `--array=1,4,9` is not a range (Slurm reports step 1 with ids 1..9 but 3 tasks) and is refused.
 */
function slurmShard(env: ShardEnv): ShardSpec {
  const why = 'Slurm sets it in every task of a job array (sbatch --array=0-N)';
  const id = requireEnv(env, 'SLURM_ARRAY_TASK_ID', why);
  const count = requireEnv(env, 'SLURM_ARRAY_TASK_COUNT', why);
  const min = requireEnv(env, 'SLURM_ARRAY_TASK_MIN', why);
  const step = envInteger(env, 'SLURM_ARRAY_TASK_STEP') ?? 1;
  const max = envInteger(env, 'SLURM_ARRAY_TASK_MAX');
  const range = `ids ${min}-${max ?? '?'}${step === 1 ? '' : `:${step}`} with ${count} task(s)`;
  if (step < 1 || id < min || (id - min) % step !== 0 || (max !== undefined && (max - min) / step + 1 !== count)) {
    throw usage(`--shard auto: this Slurm array (${range}, task ${id}) is not a range A-B or A-B:S; submit one with sbatch --array=0-N, or give --shard I/N`);
  }
  return checked((id - min) / step, count, `--shard auto (Slurm array ${range}, task ${id})`);
}

/** A Kubernetes Indexed Job pod: JOB_COMPLETION_INDEX (0-based) of CLIP_EVAL_SHARD_COUNT, which the manifest sets. */
function indexedJobShard(env: ShardEnv): ShardSpec {
  const index = requireEnv(env, 'JOB_COMPLETION_INDEX', 'Kubernetes sets it in the pods of an Indexed Job');
  const count = requireEnv(env, SHARD_COUNT_ENV, `JOB_COMPLETION_INDEX=${index} says this is a Kubernetes Indexed Job, whose pods do not see the Job's completions: set ${SHARD_COUNT_ENV} to spec.completions in the pod template's env`);
  return checked(index, count, `--shard auto (JOB_COMPLETION_INDEX=${index}, ${SHARD_COUNT_ENV}=${count})`);
}

/** The shard of this process from a scheduler's environment: a Slurm job array first, then a Kubernetes Indexed Job. */
export function shardFromEnv(env: ShardEnv): ShardSpec {
  if (env.SLURM_ARRAY_TASK_ID !== undefined) return slurmShard(env);
  if (env.JOB_COMPLETION_INDEX !== undefined) return indexedJobShard(env);
  if (env.SLURM_JOB_ID !== undefined) {
    throw usage(`--shard auto: Slurm job ${env.SLURM_JOB_ID} is not a job array task (no SLURM_ARRAY_TASK_ID); submit it with sbatch --array=0-N, or give --shard I/N`);
  }
  throw usage(`--shard auto found no scheduler in the environment: neither a Slurm job array (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT) nor a Kubernetes Indexed Job (JOB_COMPLETION_INDEX with ${SHARD_COUNT_ENV}); give --shard I/N`);
}

/** The one place `--shard` becomes a ShardSpec: `I/N`, or `auto` resolved from `env`. */
export function parseShard(text: string, env: ShardEnv = process.env): ShardSpec {
  const spec = text.trim();
  if (spec === 'auto') return shardFromEnv(env);
  const match = /^(\d+)\/(\d+)$/.exec(spec);
  if (!match) throw usage(`--shard must be I/N or auto, got '${text}': ${USAGE_HINT}`);
  return checked(Number(match[1]), Number(match[2]), `--shard ${text}`);
}

export function inShard(sampleIndex: number, shard: ShardSpec | undefined): boolean {
  return shard === undefined || sampleIndex % shard.count === shard.index;
}
