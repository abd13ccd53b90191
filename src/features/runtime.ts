import { resolveRuntime, type RuntimeOptions } from '../config/runtime-config.js';
import type { PreprocessConfig } from '../core/preprocess-config.js';
import { createPreprocessPool, type PreprocessPool } from '../image/pool.js';
import { openModel, type ClipModel } from '../model/clip-model.js';
import { resolveBundle } from '../model/detect.js';
import { modelHashes } from './cache-keys.js';

export type { RuntimeOptions } from '../config/runtime-config.js';

export interface Runtime {
  readonly model: ClipModel;
  readonly pool: PreprocessPool;
  readonly preprocess: PreprocessConfig;
  readonly cacheDir: string | undefined;
  /** sha256 of the image and text graphs, computed once per runtime (and remembered in the cache folder). */
  hashes(): Promise<{ readonly vision: string; readonly text: string }>;
  close(): Promise<void>;
}

/**
 * Opens the model and the preprocessing pool once per command; every task the command runs shares them.
 * `close()` releases both (call it in `finally`).
 */
export async function openRuntime(options: RuntimeOptions): Promise<Runtime> {
  const resolved = resolveRuntime(options);
  const bundle = await resolveBundle(resolved.model, { dtype: resolved.dtype });
  const preprocess: PreprocessConfig = Object.freeze({ ...bundle.preprocess, exifRotate: resolved.exifRotate });
  const model = await openModel({ ...bundle, preprocess }, { threads: resolved.threads, device: resolved.device, ...resolved.session, headCacheDir: resolved.cacheDir });
  let pool: PreprocessPool;
  try {
    pool = createPreprocessPool(preprocess, { workers: resolved.decodeWorkers, maxPixels: resolved.maxPixels });
  } catch (error) {
    await model.release();
    throw error;
  }
  const { cacheDir } = resolved;
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
