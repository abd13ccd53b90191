import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelBundle } from '../model/bundle.js';
import { externalDataFiles } from '../model/detect.js';
import { cachedFileHash, hashJson } from './file-hash.js';
import { FeatureStore } from './store.js';

/** A graph's hash; with external weights beside it (`model.onnx_data`), the hash of both hashes. */
async function graphHash(file: string, cacheDir: string | undefined): Promise<string> {
  const graph = await cachedFileHash(file, cacheDir);
  const data = externalDataFiles(file);
  if (data.length === 0) return graph;
  return hashJson({ graph, data: await Promise.all(data.map((f) => cachedFileHash(f, cacheDir))) });
}

/** Hashes of the graph files of a bundle (remembered in the cache folder). */
export async function modelHashes(bundle: ModelBundle, cacheDir: string | undefined): Promise<{ vision: string; text: string }> {
  const vision = await graphHash(bundle.vision.file, cacheDir);
  const text = bundle.text.file === bundle.vision.file ? vision : await graphHash(bundle.text.file, cacheDir);
  return { vision, text };
}

/** Everything that changes an image feature: the graph's bytes, the output, and the preprocessing. */
export function imageFeatureKey(visionHash: string, bundle: ModelBundle, output: string): Record<string, unknown> {
  return { kind: 'image', visionSha256: visionHash, input: bundle.vision.input, output, preprocess: bundle.preprocess };
}

/** Everything that changes a text embedding besides the text: the graph, the tokenizer files and the padding. */
export async function textFeatureKey(textHash: string, bundle: ModelBundle, cacheDir: string | undefined): Promise<Record<string, unknown>> {
  const tok = bundle.tokenizer;
  const hash = (files: readonly string[]) => Promise.all(files.map((f) => cachedFileHash(f, cacheDir)));
  if (tok.kind === 'clip-bpe') {
    // CLIP's key is what it was before other tokenizers existed, so existing caches stay valid.
    const bpe = tok.files;
    const tokenizerSha256 = await hash(bpe.kind === 'vocab-merges' ? [bpe.vocab, bpe.merges] : [bpe.path]);
    return { kind: 'text', textSha256: textHash, output: bundle.text.output, tokenizerSha256, contextLength: bundle.contextLength, padId: bundle.padId };
  }
  // Other kinds read tokenizer_config.json too (special tokens, lower-casing).
  const files = [tok.kind === 'siglip-spm' ? tok.model : tok.path, ...(existsSync(tok.config.path) ? [tok.config.path] : [])];
  const cleaning = bundle.canonicalize ? { canonicalize: true } : {};
  return { kind: 'text', textSha256: textHash, output: bundle.text.output, tokenizer: tok.kind, tokenizerSha256: await hash(files), contextLength: bundle.contextLength, padId: bundle.padId, ...cleaning };
}

export async function openFeatureStore(cacheDir: string, key: Record<string, unknown>): Promise<FeatureStore> {
  return FeatureStore.open(join(cacheDir, 'features', hashJson(key)), { key });
}
