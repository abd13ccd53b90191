import { cpus } from 'node:os';
import { defaultCacheDir, DEFAULTS } from '../config/defaults.js';
import type { PreprocessConfig } from '../core/preprocess-config.js';
import { createPreprocessPool, type PreprocessPool } from '../image/pool.js';
import { openModel, type ClipModel } from '../model/clip-model.js';
import { resolveBundle } from '../model/detect.js';
import type { SessionOptions } from '../model/onnx-session.js';
import { modelHashes } from './cache-keys.js';

/** How to run a model: the flags every model-opening command shares. */
export interface RuntimeOptions {
  readonly model: string;
  readonly dtype?: string;
  readonly device?: string;
  readonly threads?: number;
  readonly decodeWorkers?: number;
  readonly exifRotate?: boolean;
  /** undefined = the default per-user cache; null = no cache. */
  readonly cacheDir?: string | null;
  /** onnxruntime session tuning (defaults in src/config/defaults.ts, measured by bench/tuning.mjs). */
  readonly session?: Partial<Pick<SessionOptions, 'graphOptimization' | 'memoryArena' | 'spinning' | 'interOpThreads'>>;
}

export interface Runtime {
  readonly model: ClipModel;
  readonly pool: PreprocessPool;
  readonly preprocess: PreprocessConfig;
  readonly cacheDir: string | undefined;
  /** sha256 of the image and text graphs, computed once per runtime (and remembered in the cache folder). */
  hashes(): Promise<{ readonly vision: string; readonly text: string }>;
  close(): Promise<void>;
}

export function resolveCacheDir(cacheDir: string | null | undefined): string | undefined {
  return cacheDir === null ? undefined : (cacheDir ?? defaultCacheDir());
}

/**
 * Opens the model and the preprocessing pool once per command; every task the command runs shares them.
 * `close()` releases both (call it in `finally`).
 */
export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const bundle = await resolveBundle(options.model, { dtype: options.dtype ?? DEFAULTS.dtype });
  const preprocess: PreprocessConfig = Object.freeze({ ...bundle.preprocess, exifRotate: options.exifRotate ?? false });
  const threads = options.threads ?? DEFAULTS.threads;
  const model = await openModel({ ...bundle, preprocess }, {
    threads: threads > 0 ? threads : cpus().length,
    device: options.device ?? DEFAULTS.device,
    graphOptimization: DEFAULTS.graphOptimization,
    memoryArena: DEFAULTS.memoryArena,
    spinning: DEFAULTS.spinning,
    ...options.session,
  });
  const pool = createPreprocessPool(preprocess, { workers: options.decodeWorkers ?? DEFAULTS.decodeWorkers });
  const cacheDir = resolveCacheDir(options.cacheDir);
  let hashes: Promise<{ vision: string; text: string }> | undefined;
  return {
    model,
    pool,
    preprocess,
    cacheDir,
    hashes: () => (hashes ??= modelHashes(model.bundle, cacheDir)),
    async close() {
      await pool.close();
      await model.release();
    },
  };
}
