import { ClipEvalError, errorMessage } from '../core/errors.js';
import { fromFloat16Bits, toFloat16Bits } from '../core/float16.js';
import { matrix, tensor, type Matrix, type Tensor } from '../core/tensor.js';
import { openTextTokenizer } from '../text/load-text-tokenizer.js';
import type { TextTokenizer } from '../text/text-tokenizer.js';
import { tokenizerHints, type ModelBundle } from './bundle.js';
import { cachedGraphHead } from './head-cache.js';
import { fitHead, scoringHead, type ScoringHead } from './scoring-head.js';
import { openSession, type Session, type SessionOptions, type SessionTensor, type ValueInfo } from './onnx-session.js';
import { checkSameWidth, staticWidth, validateTowers } from './validate.js';

export interface GraphIO {
  readonly file: string;
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
}

/** An opened CLIP model: both towers, its tokenizer, and what its graphs can output. */
export interface ClipModel {
  /** The bundle with the output names the graphs have (image_embeds, or pooler_output where that is all there is). */
  readonly bundle: ModelBundle;
  readonly tokenizer: TextTokenizer;
  /** The head the model was trained with (softmax or sigmoid), with scale and bias where the export gives them. */
  readonly head: ScoringHead;
  readonly embeddingWidth: number;
  /** The graphs' declared inputs and outputs (for `inspect`). */
  readonly io: { readonly vision: GraphIO; readonly text: GraphIO };
  /** Float outputs of the image graph (the embeddings first); any can serve as features. */
  readonly imageOutputs: readonly string[];
  /** Runs the image tower on [N, 3, S, S] pixels; returns the named outputs as [N, D] matrices (features are flattened). */
  encodeImages(pixels: Tensor<Float32Array>, outputs?: readonly string[]): Promise<Record<string, Matrix>>;
  /**
   * Runs the text tower on [N, context] token ids. The mask is fed only when the graph has the attention-mask
   * input; without one given it is 1 through the first end token (CLIP's ids).
   */
  encodeTokens(ids: Tensor<BigInt64Array>, attentionMask?: Tensor<BigInt64Array>): Promise<Matrix>;
  /** Tokenizes (truncating over-long texts, as evaluation does) and encodes in batches. */
  encodeTexts(texts: readonly string[], batchSize?: number): Promise<Matrix>;
  release(): Promise<void>;
}

function toMatrix(value: SessionTensor, name: string): Matrix {
  const data = 'float16' in value ? fromFloat16Bits(value.data) : value.data;
  if (!(data instanceof Float32Array)) throw new ClipEvalError('MODEL', `output '${name}' is not a float tensor`);
  const rows = value.dims[0] ?? 0;
  return matrix(data, rows, rows === 0 ? 0 : data.length / rows);
}

/** A zero tensor of batch 1 for a graph input not being fed (a combined model's other tower). */
function dummyFeed(info: ValueInfo, contextLength: number, cropSize: number): SessionTensor {
  const dims = info.shape.map((d, i) => (typeof d === 'number' ? d : i === 0 ? 1 : info.shape.length === 4 ? (i === 1 ? 3 : cropSize) : contextLength));
  const size = dims.reduce((a, b) => a * b, 1);
  switch (info.type) {
    case 'float32':
      return tensor(new Float32Array(size), dims);
    case 'float16':
      return { data: new Uint16Array(size), dims, float16: true };
    case 'int64':
      return tensor(new BigInt64Array(size), dims);
    case 'int32':
      return tensor(new Int32Array(size), dims);
    default:
      throw new ClipEvalError('MODEL', `cannot feed input '${info.name}' of type ${info.type}`);
  }
}

function floatFeed(pixels: Tensor<Float32Array>, info: ValueInfo): SessionTensor {
  return info.type === 'float16' ? { data: toFloat16Bits(pixels.data), dims: pixels.dims, float16: true } : pixels;
}

function intFeed(ids: Tensor<BigInt64Array>, info: ValueInfo): SessionTensor {
  return info.type === 'int32' ? tensor(Int32Array.from(ids.data, Number), ids.dims) : ids;
}

/** 1 up to and including the first end token, 0 after it (HF convention; CLIP's causal mask makes it moot). */
function attentionMask(ids: Tensor<BigInt64Array>, endId: number): Tensor<BigInt64Array> {
  const [rows = 0, cols = 0] = ids.dims;
  const mask = new BigInt64Array(ids.data.length);
  const end = BigInt(endId);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      mask[r * cols + c] = 1n;
      if (ids.data[r * cols + c] === end) break;
    }
  }
  return tensor(mask, ids.dims);
}

/** The tower's output name the graph has: the bundle's, else the first alternative present (pooler_output). */
function outputName(session: Session, tower: { readonly output: string; readonly alternatives?: readonly string[] }): string {
  if (session.outputs.some((o) => o.name === tower.output)) return tower.output;
  return tower.alternatives?.find((name) => session.outputs.some((o) => o.name === name)) ?? tower.output;
}

/** Session options, and the cache folder that remembers a combined graph's scoring head (none: read it every time). */
export type OpenModelOptions = SessionOptions & { readonly headCacheDir?: string | undefined };

export async function openModel(opened: ModelBundle, options: OpenModelOptions): Promise<ClipModel> {
  const tokenizer = await openTextTokenizer(opened.tokenizer, tokenizerHints(opened));
  const vision = await openSession(opened.vision.file, options);
  let text: Session = vision;
  let bundle = opened;
  try {
    if (bundle.text.file !== bundle.vision.file) text = await openSession(bundle.text.file, options);
    bundle = {
      ...opened,
      padId: tokenizer.padId,
      vision: { ...opened.vision, output: outputName(vision, opened.vision) },
      text: { ...opened.text, output: outputName(text, opened.text) },
    };
    validateTowers(bundle, vision, text);
  } catch (error) {
    await vision.release();
    if (text !== vision) await text.release();
    throw error;
  }
  const input = (s: Session, name: string) => s.inputs.find((i) => i.name === name)!;

  const fill = (session: Session, feeds: Record<string, SessionTensor>): Record<string, SessionTensor> => {
    for (const info of session.inputs) {
      if (!(info.name in feeds)) feeds[info.name] = dummyFeed(info, bundle.contextLength, bundle.preprocess.cropSize);
    }
    return feeds;
  };

  const imageOutputs = [bundle.vision.output, ...vision.outputs.filter((o) => o.name !== bundle.vision.output && o.name !== bundle.text.output && (o.type === 'float32' || o.type === 'float16')).map((o) => o.name)];

  const encodeImages: ClipModel['encodeImages'] = async (pixels, outputs = [bundle.vision.output]) => {
    for (const name of outputs) {
      if (!imageOutputs.includes(name)) throw new ClipEvalError('MODEL', `the image graph has no float output '${name}' (available: ${imageOutputs.join(', ')})`);
    }
    const result = await vision.run(fill(vision, { [bundle.vision.input]: floatFeed(pixels, input(vision, bundle.vision.input)) }), outputs);
    return Object.fromEntries(outputs.map((name) => [name, toMatrix(result[name]!, name)]));
  };

  const encodeTokens: ClipModel['encodeTokens'] = async (ids, mask) => {
    const feeds: Record<string, SessionTensor> = { [bundle.text.input]: intFeed(ids, input(text, bundle.text.input)) };
    const maskName = bundle.text.attentionMask;
    if (maskName !== undefined && text.inputs.some((i) => i.name === maskName)) {
      feeds[maskName] = intFeed(mask ?? attentionMask(ids, tokenizer.eosId ?? -1), input(text, maskName));
    }
    const result = await text.run(fill(text, feeds), [bundle.text.output]);
    return toMatrix(result[bundle.text.output]!, bundle.text.output);
  };

  const encodeTexts: ClipModel['encodeTexts'] = async (texts, batchSize = 256) => {
    const parts: Matrix[] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      const { ids, attentionMask: mask } = await tokenizer.tokenize(texts.slice(start, start + batchSize), { truncate: true });
      parts.push(await encodeTokens(ids, mask));
    }
    const cols = parts[0]?.cols ?? 0;
    const data = new Float32Array(texts.length * cols);
    let offset = 0;
    for (const p of parts) {
      data.set(p.data, offset);
      offset += p.data.length;
    }
    return matrix(data, texts.length, cols);
  };

  // Widths: from the graphs' static shapes, else from a one-row dry run.
  const imageOut = vision.outputs.find((o) => o.name === bundle.vision.output)!;
  const textOut = text.outputs.find((o) => o.name === bundle.text.output)!;
  const size = bundle.preprocess.cropSize;
  let imageWidth: number;
  let head: ScoringHead;
  try {
    // A dry run that fails (a broken graph) must not leak the sessions either.
    imageWidth = staticWidth(imageOut) ?? (await encodeImages(tensor(new Float32Array(3 * size * size), [1, 3, size, size])))[bundle.vision.output]!.cols;
    const textWidth = staticWidth(textOut) ?? (await encodeTexts(['a photo of a dog.'])).cols;
    checkSameWidth(imageWidth, textWidth, bundle);
    const graph = bundle.head.fromGraph;
    const found = graph !== undefined ? await cachedGraphHead(graph, options.headCacheDir, () => readGraphHead(bundle, graph, graph === vision.path ? vision : undefined, tokenizer, options)) : bundle.head;
    head = scoringHead(bundle.family, found);
  } catch (error) {
    await vision.release();
    if (text !== vision) await text.release();
    throw error;
  }

  return {
    bundle,
    tokenizer,
    head,
    embeddingWidth: imageWidth,
    io: {
      vision: { file: vision.path, inputs: vision.inputs, outputs: vision.outputs },
      text: { file: text.path, inputs: text.inputs, outputs: text.outputs },
    },
    imageOutputs,
    encodeImages,
    encodeTokens,
    encodeTexts,
    async release() {
      await vision.release();
      if (text !== vision) await text.release();
    },
  };
}

/** Texts whose embeddings differ, so the fit of scale and bias is well posed. */
const PROBE_TEXTS = ['a photo of a dog.', 'a diagram of the solar system', 'zebra', 'an empty street at night, in the rain', 'two cups of coffee on a table', '42'];

/**
 * Scale and bias from a combined graph (logits_per_image, image_embeds, text_embeds), fitted on one run of
 * a fixed image against PROBE_TEXTS. A graph without those three outputs gives none (the family's defaults apply).
 */
async function readGraphHead(bundle: ModelBundle, file: string, open: Session | undefined, tokenizer: TextTokenizer, options: SessionOptions): Promise<{ scale?: number; bias?: number; source?: string }> {
  const session = open ?? (await openSession(file, options));
  try {
    const names = session.outputs.map((o) => o.name);
    if (!['logits_per_image', 'image_embeds', 'text_embeds'].every((n) => names.includes(n))) return {};
    const pixelInfo = session.inputs.find((i) => i.name === 'pixel_values');
    const idsInfo = session.inputs.find((i) => i.name === 'input_ids');
    if (!pixelInfo || !idsInfo) return {};
    const size = bundle.preprocess.cropSize;
    const pixels = new Float32Array(3 * size * size);
    for (let i = 0; i < pixels.length; i++) pixels[i] = Math.sin(i * 0.37) * 0.8;
    const { ids, attentionMask: mask } = await tokenizer.tokenize(PROBE_TEXTS, { truncate: true });
    const feeds: Record<string, SessionTensor> = { pixel_values: floatFeed(tensor(pixels, [1, 3, size, size]), pixelInfo), input_ids: intFeed(ids, idsInfo) };
    const maskInfo = session.inputs.find((i) => i.name === 'attention_mask');
    if (maskInfo) feeds.attention_mask = intFeed(mask, maskInfo);
    const out = await session.run(feeds, ['logits_per_image', 'image_embeds', 'text_embeds']);
    const logits = toMatrix(out.logits_per_image!, 'logits_per_image');
    const image = toMatrix(out.image_embeds!, 'image_embeds');
    const texts = toMatrix(out.text_embeds!, 'text_embeds');
    const norm = (m: Matrix, r: number) => Math.hypot(...m.data.subarray(r * m.cols, (r + 1) * m.cols));
    const cosines = new Float32Array(texts.rows);
    for (let t = 0; t < texts.rows; t++) {
      let dot = 0;
      for (let d = 0; d < texts.cols; d++) dot += image.data[d]! * texts.data[t * texts.cols + d]!;
      cosines[t] = dot / (norm(image, 0) * norm(texts, t));
    }
    const fit = fitHead(logits.data.subarray(0, texts.rows), cosines, file);
    return { ...fit, source: `${file} (logits_per_image fitted against its embeddings)` };
  } catch (error) {
    // The towers still rank exactly; only the head's values are missing, and the reason is kept for messages.
    return { source: `none read from ${file}: ${errorMessage(error)}` };
  } finally {
    if (!open) await session.release();
  }
}
