import type { PreprocessConfig } from '../core/preprocess-config.js';
import type { TokenizerFiles } from '../text/tokenizer-files.js';

/** How a model folder was recognised. */
export type ModelLayout = 'hf' | 'combined' | 'manifest';

export interface VisionTower {
  readonly file: string;
  /** Image input, float32 (or float16) [batch, 3, size, size]. */
  readonly input: string;
  /** The image embeddings (projected). */
  readonly output: string;
}

export interface TextTower {
  readonly file: string;
  /** Token ids, int64 (or int32) [batch, context]. */
  readonly input: string;
  /** Optional attention-mask input (HF exports keep it even when the graph ignores it). */
  readonly attentionMask: string | undefined;
  readonly output: string;
}

/** Everything needed to run a CLIP-style model, resolved from its folder before any session is opened. */
export interface ModelBundle {
  readonly dir: string;
  readonly layout: ModelLayout;
  /** The file variant picked with --dtype (fp32, fp16, int8, ...). */
  readonly dtype: string;
  readonly vision: VisionTower;
  readonly text: TextTower;
  readonly preprocess: PreprocessConfig;
  readonly tokenizer: TokenizerFiles;
  readonly contextLength: number;
  /** Id the token rows are padded with: 0 as OpenAI's clip.tokenize (the text tower pools at the end token). */
  readonly padId: number;
  /** Files that make up the bundle, for `inspect` and the model hash. */
  readonly files: readonly string[];
}
