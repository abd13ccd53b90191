import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ClipEvalError, errorMessage } from '../core/errors.js';
import { detectTextTokenizer, type TextTokenizerSource } from '../text/load-text-tokenizer.js';
import type { ModelBundle, ModelLayout } from './bundle.js';
import { parseDtype, variantFileNames, type Dtype } from './dtype-variants.js';
import { familyCanonicalizes, familyWithTokenizer, type ModelFamily } from './family.js';
import { readContextLength, readModelConfig, readPreprocessorConfig, type HfModelConfig } from './hf-config.js';
import { MANIFEST_FILE, readManifest } from './manifest.js';

/** Where HF exports keep their graphs: `onnx/` (transformers.js, optimum) or the folder itself. */
const GRAPH_DIRS = ['onnx', '.'];

function findGraph(dir: string, base: string, dtype: Dtype): string | undefined {
  for (const sub of GRAPH_DIRS) {
    for (const name of variantFileNames(base, dtype)) {
      const path = join(dir, sub, name);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

function listOnnxFiles(dir: string): string[] {
  const found: string[] = [];
  for (const sub of GRAPH_DIRS) {
    const d = join(dir, sub);
    if (!existsSync(d) || !statSync(d).isDirectory()) continue;
    for (const f of readdirSync(d)) if (f.endsWith('.onnx')) found.push(relative(dir, join(d, f)));
  }
  return found;
}

function layoutOf(dir: string, dtype: Dtype): { layout: ModelLayout; vision?: string; text?: string } {
  if (existsSync(join(dir, MANIFEST_FILE))) return { layout: 'manifest' };
  const vision = findGraph(dir, 'vision_model', dtype);
  const text = findGraph(dir, 'text_model', dtype);
  if (vision && text) return { layout: 'hf', vision, text };
  const combined = findGraph(dir, 'model', dtype);
  if (combined) return { layout: 'combined', vision: combined, text: combined };
  const onnx = listOnnxFiles(dir);
  const wanted = variantFileNames('vision_model', dtype).join(' or ');
  throw new ClipEvalError(
    'MODEL',
    `${dir}: no CLIP model found for --dtype ${dtype} (expected ${MANIFEST_FILE}, or onnx/${wanted} with onnx/${variantFileNames('text_model', dtype).join(' or ')}, or onnx/${variantFileNames('model', dtype).join(' or ')}; found ${onnx.length ? onnx.join(', ') : 'no .onnx files'})`,
  );
}

/**
 * External weights of a graph, by the names exporters give them (`model.onnx_data`, `model.onnx.data`):
 * onnxruntime opens them from beside the graph; they are part of the model's files and hash.
 */
export function externalDataFiles(graph: string): string[] {
  return [`${graph}_data`, `${graph}.data`].filter((f) => existsSync(f));
}

/** Recognises a model folder and resolves every file and setting, without opening a session. */
export async function resolveBundle(dir: string, options: { dtype?: string } = {}): Promise<ModelBundle> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new ClipEvalError('MODEL', `model folder ${dir} not found (pass --model DIR: a folder in the HF/transformers.js layout, with a combined model.onnx, or with a ${MANIFEST_FILE} manifest)`);
  }
  const dtype = parseDtype(options.dtype ?? 'fp32');
  const found = layoutOf(dir, dtype);
  if (found.layout === 'manifest') {
    const m = await readManifest(dir);
    for (const file of [m.vision.file, m.text.file]) {
      if (!existsSync(file)) throw new ClipEvalError('MODEL', `${join(dir, MANIFEST_FILE)}: names ${file}, which does not exist`);
    }
    return { dir, layout: 'manifest', dtype, ...m, files: [...new Set([m.vision.file, m.text.file].flatMap((f) => [f, ...externalDataFiles(f)]))] };
  }
  const config = await readModelConfig(dir);
  const tokenizer = await folderTokenizer(dir, config);
  const vision = found.vision!;
  const text = found.text!;
  // The transformers.js layout ships a combined graph beside the towers: its logits give scale and bias.
  const combined = found.layout === 'combined' ? vision : findGraph(dir, 'model', dtype);
  const family = familyWithTokenizer(config.family, tokenizer.config.tokenizerClass);
  return {
    dir,
    layout: found.layout,
    family,
    dtype,
    vision: { file: vision, input: 'pixel_values', output: 'image_embeds', alternatives: ['pooler_output'] },
    text: { file: text, input: 'input_ids', attentionMask: 'attention_mask', output: 'text_embeds', alternatives: ['pooler_output'] },
    preprocess: await readPreprocessorConfig(dir),
    tokenizer,
    contextLength: await readContextLength(dir, DEFAULT_CONTEXT[family]),
    // clip.tokenize pads with 0; every other tokenizer (an XLM-R text tower scores as CLIP too) pads with its own pad token.
    padId: tokenizer.kind === 'clip-bpe' ? 0 : undefined,
    ...(familyCanonicalizes(family) ? { canonicalize: true } : {}),
    head: combined !== undefined ? { fromGraph: combined } : {},
    files: [...new Set([vision, text].flatMap((f) => [f, ...externalDataFiles(f)]))],
  };
}

/** Each family's context length where neither tokenizer_config.json nor config.json gives one. */
const DEFAULT_CONTEXT: Record<ModelFamily, number> = { clip: 77, chinese_clip: 52, siglip: 64, siglip2: 64 };

/** The folder's tokenizer; a missing one is named against the family config.json declares. */
async function folderTokenizer(dir: string, config: HfModelConfig): Promise<TextTokenizerSource> {
  try {
    return await detectTextTokenizer(dir);
  } catch (error) {
    if (config.modelType === undefined) {
      throw new ClipEvalError('MODEL', `${dir}: no tokenizer files (expected tokenizer.json, or vocab.json + merges.txt, or bpe_simple_vocab_16e6.txt.gz): ${errorMessage(error)}`);
    }
    throw new ClipEvalError('MODEL', `${join(dir, 'config.json')} names model_type ${config.modelType} (${config.family}), but its tokenizer cannot be read: ${errorMessage(error)}`);
  }
}
