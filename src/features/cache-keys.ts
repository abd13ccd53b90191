import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeJsonAtomic } from '../core/fs.js';
import type { ModelBundle } from '../model/bundle.js';
import type { ClipModel } from '../model/clip-model.js';
import { externalDataFiles } from '../model/detect.js';
import { cachedFileHash, fileIdentity, hashJson } from './file-hash.js';
import { FeatureStore } from './store.js';

/** A graph's hash; with external weights beside it (`model.onnx_data`), the hash of both hashes. */
async function graphHash(file: string, cacheDir: string | undefined): Promise<string> {
  const graph = await cachedFileHash(file, cacheDir);
  const data = externalDataFiles(file);
  if (data.length === 0) return graph;
  return hashJson({ graph, data: await Promise.all(data.map((f) => cachedFileHash(f, cacheDir))) });
}

/** The hash of one tower's graph (remembered in the cache folder). */
export function towerHash(bundle: ModelBundle, tower: 'vision' | 'text', cacheDir: string | undefined): Promise<string> {
  return graphHash(bundle[tower].file, cacheDir);
}

/** Everything that changes an image feature: the graph's bytes, the output, and the preprocessing. */
export function imageFeatureKey(visionHash: string, bundle: ModelBundle, output: string): Record<string, unknown> {
  return { kind: 'image', visionSha256: visionHash, input: bundle.vision.input, output, preprocess: bundle.preprocess };
}

/** The files a tokenizer reads (other kinds than CLIP's read tokenizer_config.json too: special tokens, lower-casing). */
function tokenizerFiles(tok: ModelBundle['tokenizer']): string[] {
  if (tok.kind === 'clip-bpe') return tok.files.kind === 'vocab-merges' ? [tok.files.vocab, tok.files.merges] : [tok.files.path];
  return [tok.kind === 'siglip-spm' ? tok.model : tok.path, ...(existsSync(tok.config.path) ? [tok.config.path] : [])];
}

/**
 * Everything that changes a text embedding besides the text: the graph, the tokenizer files and the padding.
 * `bundle` is the opened model's (its text output and pad id resolved), or one textKeyBundle remembered.
 */
export async function textFeatureKey(textHash: string, bundle: ModelBundle, cacheDir: string | undefined): Promise<Record<string, unknown>> {
  const tok = bundle.tokenizer;
  const tokenizerSha256 = await Promise.all(tokenizerFiles(tok).map((f) => cachedFileHash(f, cacheDir)));
  // CLIP's key is what it was before other tokenizers existed, so existing caches stay valid.
  if (tok.kind === 'clip-bpe') return { kind: 'text', textSha256: textHash, output: bundle.text.output, tokenizerSha256, contextLength: bundle.contextLength, padId: bundle.padId };
  const cleaning = bundle.canonicalize ? { canonicalize: true } : {};
  return { kind: 'text', textSha256: textHash, output: bundle.text.output, tokenizer: tok.kind, tokenizerSha256, contextLength: bundle.contextLength, padId: bundle.padId, ...cleaning };
}

/**
 * The bundle textFeatureKey needs, with the text output's name and the pad id the opened text tower and
 * tokenizer give, without opening them where the cache folder remembers both for these graph and tokenizer
 * files: a text-cache hit then never opens the text tower. Opens it (and remembers) otherwise. Keyed by the
 * graph files' path, size and mtime, not their hash, so that a first run opens the tower while the graph is
 * still being hashed.
 */
export async function textKeyBundle(model: ClipModel, cacheDir: string): Promise<ModelBundle> {
  if (model.textOpen) return model.bundle;
  const { bundle } = model;
  const graph = await Promise.all([bundle.text.file, ...externalDataFiles(bundle.text.file)].map(fileIdentity));
  const tokenizerSha256 = await Promise.all(tokenizerFiles(bundle.tokenizer).map((f) => cachedFileHash(f, cacheDir)));
  const memo = join(cacheDir, 'text-towers', `${hashJson({ graph, text: bundle.text, tokenizer: bundle.tokenizer, tokenizerSha256, contextLength: bundle.contextLength, padId: bundle.padId ?? null })}.json`);
  try {
    const saved = JSON.parse(await readFile(memo, 'utf8')) as { output?: unknown; padId?: unknown };
    if (typeof saved.output === 'string' && (typeof saved.padId === 'number' || saved.padId === null)) {
      return { ...bundle, text: { ...bundle.text, output: saved.output }, padId: saved.padId ?? undefined };
    }
  } catch {
    // not remembered yet (or unreadable): open the tower
  }
  await model.openText();
  const opened = model.bundle;
  await writeJsonAtomic(memo, { output: opened.text.output, padId: opened.padId ?? null });
  return opened;
}

export async function openFeatureStore(cacheDir: string, key: Record<string, unknown>): Promise<FeatureStore> {
  return FeatureStore.open(join(cacheDir, 'features', hashJson(key)), { key });
}
