import { resolveRuntime, type RuntimeOptions } from '../config/runtime-config.js';
import type { PreprocessConfig } from '../core/preprocess-config.js';
import { createPreprocessPool, type PreprocessPool } from '../image/pool.js';
import { openModel, type ClipModel } from '../model/clip-model.js';
import { resolveBundle } from '../model/detect.js';
import { towerHash } from './cache-keys.js';

export type { RuntimeOptions } from '../config/runtime-config.js';

export interface Runtime {
  readonly model: ClipModel;
  readonly pool: PreprocessPool;
  readonly preprocess: PreprocessConfig;
  readonly cacheDir: string | undefined;
  /** sha256 of the image and text graphs, computed once per runtime (and remembered in the cache folder). */
  hashes(): Promise<{ readonly vision: string; readonly text: string }>;
  /** The image graph's alone (what image features are keyed by): `embed` never hashes the text graph. */
  visionHash(): Promise<string>;
  /** Whether visionHash() has settled: false while a graph the cache folder does not remember is hashed. */
  visionHashKnown(): boolean;
  close(): Promise<void>;
}

/**
 * Opens the model and the preprocessing pool once per command; every task the command runs shares them.
 * `close()` releases both (call it in `finally`). `use.texts: false` says the command encodes no text.
 */
export async function openRuntime(options: RuntimeOptions, use: { readonly texts?: boolean } = {}): Promise<Runtime> {
  const resolved = resolveRuntime(options);
  const bundle = await resolveBundle(resolved.model, { dtype: resolved.dtype });
  const { cacheDir } = resolved;
  // The graphs are hashed (each in a thread of its own) while the image session is created, where the cache
  // folder does not remember the hashes: the text graph too unless the command encodes no text.
  const hashOf: Partial<Record<'vision' | 'text', Promise<string>>> = {};
  const hash = (tower: 'vision' | 'text'): Promise<string> => (hashOf[tower] ??= tower === 'text' && bundle.text.file === bundle.vision.file ? hash('vision') : towerHash(bundle, tower, cacheDir));
  let visionKnown = false;
  if (cacheDir !== undefined) hash('vision').then(() => (visionKnown = true), () => (visionKnown = true)); // whoever awaits it sees a failure
  // (Later, the text graph's hashing would take a core from the first images' decoding.)
  if (cacheDir !== undefined && (use.texts ?? true)) hash('text').catch(() => undefined);
  const preprocess: PreprocessConfig = Object.freeze({ ...bundle.preprocess, exifRotate: resolved.exifRotate });
  // The text tower opens when a text is first encoded: `embed` never opens it, a warm text cache neither.
  // The pool first: its workers start up (loading sharp) while the image session is created.
  const pool: PreprocessPool = createPreprocessPool(preprocess, { workers: resolved.decodeWorkers, maxPixels: resolved.maxPixels });
  let model: ClipModel;
  try {
    model = await openModel({ ...bundle, preprocess }, { threads: resolved.threads, device: resolved.device, ...resolved.session, lazyText: true, headCacheDir: cacheDir });
  } catch (error) {
    await pool.close();
    throw error;
  }
  return {
    model,
    pool,
    preprocess,
    cacheDir,
    hashes: async () => ({ vision: await hash('vision'), text: await hash('text') }),
    visionHash: () => hash('vision'),
    visionHashKnown: () => visionKnown,
    async close() {
      await pool.close();
      await model.release();
    },
  };
}
