import { cpus } from 'node:os';
import { usageError } from '../core/errors.js';
import { defaultCacheDir, DEFAULTS } from './defaults.js';

/**
 * How to run a model, as a user gives it (flags, a config file): every field but the model optional,
 * each defaulting to DEFAULTS' value.
 */
export interface RuntimeOptions {
  readonly model: string;
  readonly dtype?: string;
  readonly device?: string;
  /** onnxruntime intra-op threads; 0 = one per core. */
  readonly threads?: number;
  readonly decodeWorkers?: number;
  readonly exifRotate?: boolean;
  /** Largest width x height decoded (--max-pixels); DEFAULTS.maxPixels. */
  readonly maxPixels?: number;
  /** undefined = the default per-user cache; null = no cache. */
  readonly cacheDir?: string | null;
  /** onnxruntime session tuning (measured by bench/tuning.mjs). */
  readonly session?: {
    readonly graphOptimization?: 'disabled' | 'basic' | 'extended' | 'all';
    /** Both towers' memory arena (DEFAULTS.memoryArena). */
    readonly memoryArena?: boolean;
    readonly spinning?: boolean;
    readonly prepacking?: boolean;
    readonly interOpThreads?: number;
  };
}

/** Every runtime setting decided: what a runtime is opened with. */
export interface ResolvedRuntime {
  readonly model: string;
  readonly dtype: string;
  readonly device: string;
  readonly threads: number;
  readonly decodeWorkers: number;
  readonly exifRotate: boolean;
  readonly maxPixels: number;
  readonly cacheDir: string | undefined;
  readonly session: { readonly graphOptimization: 'disabled' | 'basic' | 'extended' | 'all'; readonly memoryArena: boolean; readonly spinning: boolean; readonly prepacking: boolean; readonly interOpThreads?: number };
}

/** The numeric run settings that are bounded, with what each may be (from the core count where it matters). */
export interface NumericSettings {
  readonly threads?: number | undefined;
  readonly decodeWorkers?: number | undefined;
  readonly batchSize?: number | undefined;
  readonly limit?: number | undefined;
}

const FLAGS: Readonly<Record<keyof NumericSettings, string>> = { threads: '--threads', decodeWorkers: '--decode-workers', batchSize: '--batch-size', limit: '--limit' };

/**
 * The bounds of each setting on a machine of `cores` cores: more threads than 4 per core only slow
 * onnxruntime down (the README's tuning table), a decode worker is a thread of its own (2 per core at
 * most), and a batch over DEFAULTS.maxBatchSize images is only memory.
 */
export function settingBounds(cores: number = cpus().length): Readonly<Record<keyof NumericSettings, { min: number; max: number; what: string }>> {
  return {
    threads: { min: 0, max: cores * 4, what: `0 (one per core) to ${cores * 4} (4 per core on this ${cores}-core machine)` },
    decodeWorkers: { min: 0, max: cores * 2, what: `0 (main thread) to ${cores * 2} (2 per core on this ${cores}-core machine)` },
    batchSize: { min: 1, max: DEFAULTS.maxBatchSize, what: `1 to ${DEFAULTS.maxBatchSize}` },
    limit: { min: 1, max: Number.MAX_SAFE_INTEGER, what: '1 or more' },
  };
}

/** Checks the bounded settings that are given; a value out of bounds is a usage error naming the flag. */
export function checkNumericSettings(values: NumericSettings, cores: number = cpus().length): void {
  const bounds = settingBounds(cores);
  for (const key of Object.keys(FLAGS) as (keyof NumericSettings)[]) {
    const value = values[key];
    if (value === undefined) continue;
    const { min, max, what } = bounds[key];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw usageError(`${FLAGS[key]} ${String(value)} is out of bounds: give a whole number, ${what}`);
    }
  }
}

/** The one merge of defaults and what the user gave, frozen; pure apart from reading the core count. */
export function resolveRuntime(options: RuntimeOptions, env: NodeJS.ProcessEnv = process.env): Readonly<ResolvedRuntime> {
  const threads = options.threads ?? DEFAULTS.threads;
  checkNumericSettings({ threads, decodeWorkers: options.decodeWorkers });
  return Object.freeze({
    model: options.model,
    dtype: options.dtype ?? DEFAULTS.dtype,
    device: options.device ?? DEFAULTS.device,
    threads: threads > 0 ? threads : cpus().length,
    decodeWorkers: options.decodeWorkers ?? DEFAULTS.decodeWorkers,
    exifRotate: options.exifRotate ?? false,
    maxPixels: options.maxPixels ?? DEFAULTS.maxPixels,
    cacheDir: options.cacheDir === null ? undefined : (options.cacheDir ?? defaultCacheDir(env)),
    session: Object.freeze({
      graphOptimization: DEFAULTS.graphOptimization,
      memoryArena: DEFAULTS.memoryArena,
      spinning: DEFAULTS.spinning,
      prepacking: DEFAULTS.prepacking,
      ...options.session,
    }),
  });
}
