import { cpus } from 'node:os';
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
    readonly memoryArena?: boolean;
    readonly spinning?: boolean;
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
  readonly session: { readonly graphOptimization: 'disabled' | 'basic' | 'extended' | 'all'; readonly memoryArena: boolean; readonly spinning: boolean; readonly interOpThreads?: number };
}

/** The one merge of defaults and what the user gave, frozen; pure apart from reading the core count. */
export function resolveRuntime(options: RuntimeOptions, env: NodeJS.ProcessEnv = process.env): Readonly<ResolvedRuntime> {
  const threads = options.threads ?? DEFAULTS.threads;
  return Object.freeze({
    model: options.model,
    dtype: options.dtype ?? DEFAULTS.dtype,
    device: options.device ?? DEFAULTS.device,
    threads: threads > 0 ? threads : cpus().length,
    decodeWorkers: options.decodeWorkers ?? DEFAULTS.decodeWorkers,
    exifRotate: options.exifRotate ?? false,
    maxPixels: options.maxPixels ?? DEFAULTS.maxPixels,
    cacheDir: options.cacheDir === null ? undefined : (options.cacheDir ?? defaultCacheDir(env)),
    session: Object.freeze({ graphOptimization: DEFAULTS.graphOptimization, memoryArena: DEFAULTS.memoryArena, spinning: DEFAULTS.spinning, ...options.session }),
  });
}
