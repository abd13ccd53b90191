import { createHash } from 'node:crypto';
import { DEFAULTS } from '../config/defaults.js';
import { matrix, type Matrix } from '../core/tensor.js';
import { openFeatureStore, textFeatureKey, textKeyBundle } from './cache-keys.js';
import type { Runtime } from './runtime.js';

function textKey(text: string): Buffer {
  return createHash('sha1').update(text).digest();
}

/**
 * The text side of the feature stream: raw text embeddings [N, D], read from the cache where present; new
 * ones are encoded in batches and stored, so comparing 80 templates twice encodes each prompt once.
 */
export async function embedTexts(runtime: Runtime, texts: readonly string[]): Promise<Matrix> {
  const { model, cacheDir } = runtime;
  if (cacheDir === undefined) return model.encodeTexts(texts, DEFAULTS.textBatchSize);
  // The text tower opens only on a miss (or where the cache folder does not yet know its output's name), then
  // while its graph is hashed.
  const [{ text }, keyBundle] = await Promise.all([runtime.hashes(), textKeyBundle(model, cacheDir)]);
  const store = await openFeatureStore(cacheDir, await textFeatureKey(text, keyBundle, cacheDir));
  try {
    const keys = texts.map(textKey);
    const missing = [...new Set(texts.filter((_, i) => !store.has(keys[i]!)))];
    if (missing.length > 0) {
      const encoded = await model.encodeTexts(missing, DEFAULTS.textBatchSize);
      for (const [i, t] of missing.entries()) await store.put(textKey(t), encoded.data.subarray(i * encoded.cols, (i + 1) * encoded.cols));
      await store.flush();
    }
    const width = store.width ?? model.embeddingWidth;
    const out = new Float32Array(texts.length * width);
    for (const [i, key] of keys.entries()) out.set((await store.get(key))!, i * width);
    return matrix(out, texts.length, width);
  } finally {
    await store.close();
  }
}
