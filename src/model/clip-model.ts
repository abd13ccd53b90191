import { ClipEvalError, errorMessage } from '../core/errors.js';
import { fromFloat16Bits, toFloat16Bits } from '../core/float16.js';
import { matrix, tensor, type Matrix, type Tensor } from '../core/tensor.js';
import { DEFAULTS } from '../config/defaults.js';
import { openTextTokenizer } from '../text/load-text-tokenizer.js';
import type { TextTokenizer } from '../text/text-tokenizer.js';
import { tokenizerHints, type ModelBundle } from './bundle.js';
import { cachedGraphHead } from './head-cache.js';
import { fitHead, scoringHead, type ScoringHead } from './scoring-head.js';
import { openSession, type Session, type SessionOptions, type SessionTensor, type ValueInfo } from './onnx-session.js';
import { checkSameWidth, staticWidth, validateText, validateVision } from './validate.js';

export interface GraphIO {
  readonly file: string;
  readonly inputs: readonly ValueInfo[];
  readonly outputs: readonly ValueInfo[];
}

/**
 * An opened CLIP model: the image tower, and the text tower with its tokenizer, opened when first needed
 * where `openModel` was asked for a lazy text side (`embed` never opens it; `zeroshot` only on a text-cache
 * miss). `tokenizer` and `io.text` may be read once `openText()` has resolved.
 */
export interface ClipModel {
  /**
   * The bundle with the output names the graphs have (image_embeds, or pooler_output where that is all there
   * is). The text output's name and the pad id are the graph's and tokenizer's once the text side is open.
   */
  readonly bundle: ModelBundle;
  readonly tokenizer: TextTokenizer;
  /** The head the model was trained with (softmax or sigmoid), with scale and bias where the export gives them. */
  readonly head: ScoringHead;
  readonly embeddingWidth: number;
  /** The graphs' declared inputs and outputs (for `inspect`). */
  readonly io: { readonly vision: GraphIO; readonly text: GraphIO };
  /** Float outputs of the image graph (the embeddings first); any can serve as features. */
  readonly imageOutputs: readonly string[];
  /** Whether the text tower and tokenizer are open. */
  readonly textOpen: boolean;
  /** Opens the text tower and tokenizer (once; later calls wait for the same opening). */
  openText(): Promise<void>;
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

/** How the towers are opened: the session settings, the text tower's own where they differ, and when it opens. */
export interface ModelOptions extends SessionOptions {
  /** Settings of the text tower's session that differ from the image tower's (the memory arena). */
  readonly textSession?: Partial<SessionOptions>;
  /** Open the text tower and tokenizer on first use instead of now (default false). */
  readonly lazyText?: boolean;
  /** The cache folder that remembers a combined graph's scoring head (none: read it every time). */
  readonly headCacheDir?: string | undefined;
}

/** The options of openModel (the name other modules know them by). */
export type OpenModelOptions = ModelOptions;

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

interface TextSide {
  readonly tokenizer: TextTokenizer;
  readonly session: Session;
}

export async function openModel(opened: ModelBundle, options: ModelOptions): Promise<ClipModel> {
  const { textSession, lazyText = false, headCacheDir, ...visionOptions } = options;
  const textOptions: SessionOptions = { ...visionOptions, ...textSession };
  const vision = await openSession(opened.vision.file, visionOptions);
  const combined = opened.text.file === opened.vision.file;
  let bundle: ModelBundle = { ...opened, vision: { ...opened.vision, output: outputName(vision, opened.vision) } };
  // A combined graph is one session: its text side costs only the tokenizer.
  let textSide: TextSide | undefined;
  let opening: Promise<TextSide> | undefined;
  let released = false;

  const input = (s: Session, name: string) => s.inputs.find((i) => i.name === name)!;
  const fill = (session: Session, feeds: Record<string, SessionTensor>): Record<string, SessionTensor> => {
    for (const info of session.inputs) {
      if (!(info.name in feeds)) feeds[info.name] = dummyFeed(info, bundle.contextLength, bundle.preprocess.cropSize);
    }
    return feeds;
  };

  const imageOutputs = [bundle.vision.output, ...vision.outputs.filter((o) => o.name !== bundle.vision.output && o.name !== (combined ? outputName(vision, opened.text) : opened.text.output) && (o.type === 'float32' || o.type === 'float16')).map((o) => o.name)];

  const encodeImages: ClipModel['encodeImages'] = async (pixels, outputs = [bundle.vision.output]) => {
    for (const name of outputs) {
      if (!imageOutputs.includes(name)) throw new ClipEvalError('MODEL', `the image graph has no float output '${name}' (available: ${imageOutputs.join(', ')})`);
    }
    const result = await vision.run(fill(vision, { [bundle.vision.input]: floatFeed(pixels, input(vision, bundle.vision.input)) }), outputs);
    return Object.fromEntries(outputs.map((name) => [name, toMatrix(result[name]!, name)]));
  };

  const runTokens = async ({ tokenizer, session: text }: TextSide, ids: Tensor<BigInt64Array>, mask: Tensor<BigInt64Array> | undefined): Promise<Matrix> => {
    const feeds: Record<string, SessionTensor> = { [bundle.text.input]: intFeed(ids, input(text, bundle.text.input)) };
    const maskName = bundle.text.attentionMask;
    if (maskName !== undefined && text.inputs.some((i) => i.name === maskName)) {
      feeds[maskName] = intFeed(mask ?? attentionMask(ids, tokenizer.eosId ?? -1), input(text, maskName));
    }
    const result = await text.run(fill(text, feeds), [bundle.text.output]);
    return toMatrix(result[bundle.text.output]!, bundle.text.output);
  };

  const runTexts = async (side: TextSide, texts: readonly string[], batchSize: number): Promise<Matrix> => {
    const parts: Matrix[] = [];
    for (let start = 0; start < texts.length; start += batchSize) {
      const { ids, attentionMask: mask } = await side.tokenizer.tokenize(texts.slice(start, start + batchSize), { truncate: true });
      parts.push(await runTokens(side, ids, mask));
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

  let tokenizerOpening: Promise<TextTokenizer> | undefined;
  const openTokenizer = () => (tokenizerOpening ??= openTextTokenizer(opened.tokenizer, tokenizerHints(opened)));

  // Widths: from the graphs' static shapes, else from a one-row dry run.
  const size = bundle.preprocess.cropSize;
  let imageWidth: number;
  let head: ScoringHead;

  /** Opens, checks and keeps the text side; a failure releases what it opened and leaves the side closed. */
  const openTextSide = async (): Promise<TextSide> => {
    const tokenizer = await openTokenizer();
    const session = combined ? vision : await openSession(opened.text.file, textOptions);
    try {
      if (released) throw new ClipEvalError('MODEL', `${opened.dir}: the model was released before its text tower opened`);
      const resolved: ModelBundle = { ...bundle, padId: tokenizer.padId, text: { ...opened.text, output: outputName(session, opened.text) } };
      validateText(resolved, session);
      bundle = resolved;
      const side = { tokenizer, session };
      const textOut = session.outputs.find((o) => o.name === bundle.text.output)!;
      const textWidth = staticWidth(textOut) ?? (await runTexts(side, ['a photo of a dog.'], 1)).cols;
      checkSameWidth(imageWidth, textWidth, bundle);
      return side;
    } catch (error) {
      if (session !== vision) await session.release();
      throw error;
    }
  };
  const openText = async (): Promise<TextSide> => {
    if (textSide) return textSide;
    opening ??= openTextSide().then(
      (side) => (textSide = side),
      (error: unknown) => {
        opening = undefined;
        throw error;
      },
    );
    return opening;
  };

  try {
    // A dry run that fails (a broken graph) must not leak the sessions either.
    validateVision(bundle, vision);
    const imageOut = vision.outputs.find((o) => o.name === bundle.vision.output)!;
    imageWidth = staticWidth(imageOut) ?? (await encodeImages(tensor(new Float32Array(3 * size * size), [1, 3, size, size])))[bundle.vision.output]!.cols;
    if (!lazyText) await openText();
    // A head read from a combined graph runs its text side (the same session) on fixed prompts.
    // (remembered in the cache folder: a hit needs neither the tokenizer nor a run).
    const graph = bundle.head.fromGraph;
    const found = graph !== undefined ? await cachedGraphHead(graph, headCacheDir, async () => readGraphHead(bundle, graph, graph === vision.path ? vision : undefined, await openTokenizer(), visionOptions)) : bundle.head;
    head = scoringHead(bundle.family, found);
  } catch (error) {
    await vision.release();
    if (textSide && textSide.session !== vision) await textSide.session.release();
    throw error;
  }

  const notOpen = (what: string) => new ClipEvalError('MODEL', `${opened.dir}: the ${what} is read after openText() (the text tower opens on first use)`);
  return {
    get bundle() {
      return bundle;
    },
    get tokenizer() {
      if (!textSide) throw notOpen('tokenizer');
      return textSide.tokenizer;
    },
    head,
    embeddingWidth: imageWidth,
    io: {
      vision: { file: vision.path, inputs: vision.inputs, outputs: vision.outputs },
      get text(): GraphIO {
        if (!textSide) throw notOpen("text graph's IO");
        const { session } = textSide;
        return { file: session.path, inputs: session.inputs, outputs: session.outputs };
      },
    },
    imageOutputs,
    get textOpen() {
      return textSide !== undefined;
    },
    openText: async () => {
      await openText();
    },
    encodeImages,
    encodeTokens: async (ids, mask) => runTokens(await openText(), ids, mask),
    encodeTexts: async (texts, batchSize = DEFAULTS.textBatchSize) => runTexts(await openText(), texts, batchSize),
    async release() {
      released = true;
      const side = textSide ?? (await opening?.catch(() => undefined));
      await vision.release();
      if (side && side.session !== vision) await side.session.release();
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
