import { createHash } from 'node:crypto';
import { matrix, type Matrix } from '../core/tensor.js';
import { modelHashes, openFeatureStore, textFeatureKey } from '../features/cache-keys.js';
import type { ClipModel } from '../model/clip-model.js';
import { openRuntime, resolveCacheDir } from './runtime.js';

function textKey(text: string): Buffer {
  return createHash('sha1').update(text).digest();
}

/**
 * Raw text embeddings [N, D] of an opened model, read from the cache where present; new ones are encoded
 * in batches and stored, so comparing 80 templates twice encodes each prompt once.
 */
export async function embedTextsWithModel(model: ClipModel, texts: readonly string[], cacheDir: string | undefined, batchSize = 256): Promise<Matrix> {
  if (cacheDir === undefined) return model.encodeTexts(texts, batchSize);
  const { text } = await modelHashes(model.bundle, cacheDir);
  const store = await openFeatureStore(cacheDir, await textFeatureKey(text, model.bundle, cacheDir));
  const keys = texts.map(textKey);
  const missing = [...new Set(texts.filter((_, i) => !store.has(keys[i]!)))];
  if (missing.length > 0) {
    const encoded = await model.encodeTexts(missing, batchSize);
    for (const [i, t] of missing.entries()) await store.put(textKey(t), encoded.data.subarray(i * encoded.cols, (i + 1) * encoded.cols));
    await store.flush();
  }
  const width = store.width ?? model.embeddingWidth;
  const out = new Float32Array(texts.length * width);
  for (const [i, key] of keys.entries()) out.set((await store.get(key))!, i * width);
  await store.close();
  return matrix(out, texts.length, width);
}

/** Opens a model folder and embeds texts (cached); for callers that hold no model yet. */
export async function embedTexts(modelDir: string, texts: readonly string[], options: { threads?: number; cacheDir?: string; device?: string; dtype?: string } = {}): Promise<Matrix> {
  const runtime = await openRuntime({ model: modelDir, decodeWorkers: 0, ...options });
  try {
    return await embedTextsWithModel(runtime.model, texts, resolveCacheDir(options.cacheDir));
  } finally {
    await runtime.close();
  }
}
