import type { PreprocessConfig } from '../core/preprocess-config.js';
import type { TextTokenizerSource } from '../text/load-text-tokenizer.js';
import type { TextTokenizerHints } from '../text/text-tokenizer.js';
import type { ModelFamily } from './family.js';

/** How a model folder was recognised. */
export type ModelLayout = 'hf' | 'combined' | 'manifest';

export interface VisionTower {
  readonly file: string;
  /** Image input, float32 (or float16) [batch, 3, size, size]. */
  readonly input: string;
  /** The image embeddings (projected). */
  readonly output: string;
  /** Names taken instead, in order, when the graph has no `output` (HF exports: `pooler_output`). */
  readonly alternatives?: readonly string[];
}

export interface TextTower {
  readonly file: string;
  /** Token ids, int64 (or int32) [batch, context]. */
  readonly input: string;
  /** Optional attention-mask input (HF exports keep it even when the graph ignores it). */
  readonly attentionMask: string | undefined;
  readonly output: string;
  /** As VisionTower.alternatives. */
  readonly alternatives?: readonly string[];
}

/**
 * Where the scoring head comes from: logits = scale x cosine (+ bias). `scale` is the multiplier itself
 * (exp of the trained logit_scale). `fromGraph`: a combined graph whose logits give them, read when opened.
 */
export interface ScoringHeadSource {
  readonly scale?: number;
  readonly bias?: number;
  /** Where scale and bias were found (a manifest, a default), for `inspect` and error messages. */
  readonly source?: string;
  /** A combined graph (logits_per_image, image_embeds, text_embeds) to read them from when the model is opened. */
  readonly fromGraph?: string;
}

/** Everything needed to run a CLIP-style model, resolved from its folder before any session is opened. */
export interface ModelBundle {
  readonly dir: string;
  readonly layout: ModelLayout;
  /** From config.json's model_type, or the manifest's `family` (default clip). */
  readonly family: ModelFamily;
  /** The file variant picked with --dtype (fp32, fp16, int8, ...). */
  readonly dtype: string;
  readonly vision: VisionTower;
  readonly text: TextTower;
  readonly preprocess: PreprocessConfig;
  /** The tokenizer's kind and files (opened with loadTextTokenizer's openTextTokenizer). */
  readonly tokenizer: TextTokenizerSource;
  readonly contextLength: number;
  /**
   * Id the token rows are padded with: 0 for CLIP as OpenAI's clip.tokenize (the text tower pools at the end
   * token); undefined = the tokenizer's own pad token (SigLIP's `</s>`). The opened tokenizer's padId is exact.
   */
  readonly padId: number | undefined;
  /**
   * open_clip's text cleaning before tokenizing (`canonicalize_text(basic_clean(text))`: punctuation removed,
   * lower-cased, whitespace folded): SigLIP 2 was trained on such text and its shipped Gemma tokenizer config
   * does not clean by itself. Set for the siglip2 family (a manifest may say otherwise); absent = false.
   */
  readonly canonicalize?: boolean;
  readonly head: ScoringHeadSource;
  /** Files that make up the bundle, for `inspect` and the model hash. */
  readonly files: readonly string[];
}

/** How a bundle's tokenizer is opened: its context length, pad id and cleaning (openTextTokenizer's hints). */
export function tokenizerHints(bundle: ModelBundle): TextTokenizerHints {
  return { contextLength: bundle.contextLength, ...(bundle.padId !== undefined ? { padId: bundle.padId } : {}), ...(bundle.canonicalize ? { canonicalize: true } : {}) };
}
