import { join } from 'node:path';
import type { ModelBundle } from '../model/bundle.js';
import { cachedFileHash, hashJson } from './file-hash.js';
import { FeatureStore } from './store.js';

/** Hashes of the graph files of a bundle (remembered in the cache folder). */
export async function modelHashes(bundle: ModelBundle, cacheDir: string | undefined): Promise<{ vision: string; text: string }> {
  const vision = await cachedFileHash(bundle.vision.file, cacheDir);
  const text = bundle.text.file === bundle.vision.file ? vision : await cachedFileHash(bundle.text.file, cacheDir);
  return { vision, text };
}

/** Everything that changes an image feature: the graph's bytes, the output, and the preprocessing. */
export function imageFeatureKey(visionHash: string, bundle: ModelBundle, output: string): Record<string, unknown> {
  return { kind: 'image', visionSha256: visionHash, input: bundle.vision.input, output, preprocess: bundle.preprocess };
}

/** Everything that changes a text embedding besides the text: the graph, the tokenizer files and the padding. */
export async function textFeatureKey(textHash: string, bundle: ModelBundle, cacheDir: string | undefined): Promise<Record<string, unknown>> {
  const tok = bundle.tokenizer;
  const files = tok.kind === 'vocab-merges' ? [tok.vocab, tok.merges] : [tok.path];
  const tokenizerSha256 = await Promise.all(files.map((f) => cachedFileHash(f, cacheDir)));
  return { kind: 'text', textSha256: textHash, output: bundle.text.output, tokenizerSha256, contextLength: bundle.contextLength, padId: bundle.padId };
}

export async function openFeatureStore(cacheDir: string, key: Record<string, unknown>): Promise<FeatureStore> {
  return FeatureStore.open(join(cacheDir, 'features', hashJson(key)), { key });
}
