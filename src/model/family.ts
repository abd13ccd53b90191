/**
 * Model families: how a folder's config.json `model_type` maps to the scoring head and the image processor's
 * order of steps. One entry per family; an unknown `model_type` is an error listing the known ones.
 */
import { ClipEvalError } from '../core/errors.js';

/** How a family turns scaled cosines into probabilities, as it was trained. */
export type ScoringKind =
  /** CLIP's contrastive loss: logit_scale x cosine, softmax over the classes. */
  | 'softmax'
  /** SigLIP's pairwise loss: logit_scale x cosine + logit_bias, a sigmoid per pair. */
  | 'sigmoid';

export const MODEL_FAMILIES = {
  clip: { scoring: 'softmax', describe: 'CLIP (OpenAI / HF CLIPModel)' },
  siglip: { scoring: 'sigmoid', describe: 'SigLIP (HF SiglipModel)' },
  siglip2: { scoring: 'sigmoid', describe: 'SigLIP 2, fixed resolution (HF Siglip2Model)' },
  chinese_clip: { scoring: 'softmax', describe: 'Chinese-CLIP (HF ChineseCLIPModel, BERT text tower)' },
} as const satisfies Record<string, { scoring: ScoringKind; describe: string }>;

export type ModelFamily = keyof typeof MODEL_FAMILIES;

/** config.json `model_type` (of the model, or of a lone tower) -> family. */
const MODEL_TYPES = {
  clip: 'clip',
  clip_text_model: 'clip',
  clip_vision_model: 'clip',
  siglip: 'siglip',
  siglip_text_model: 'siglip',
  siglip_vision_model: 'siglip',
  siglip2: 'siglip2',
  siglip2_text_model: 'siglip2',
  siglip2_vision_model: 'siglip2',
  chinese_clip: 'chinese_clip',
  // Multilingual text towers paired with a CLIP image tower (M-CLIP and the like) score as CLIP.
  'xlm-roberta': 'clip',
  xlm_roberta: 'clip',
} as const satisfies Record<string, ModelFamily>;

export function isModelFamily(value: string): value is ModelFamily {
  return Object.hasOwn(MODEL_FAMILIES, value);
}

/** The family of a `model_type`; `where` names the file for the error. */
export function familyOfModelType(modelType: string, where: string): ModelFamily {
  if (!Object.hasOwn(MODEL_TYPES, modelType)) {
    throw new ClipEvalError('MODEL', `${where}: model_type ${JSON.stringify(modelType)} is not a family clip-eval runs; expected one of ${Object.keys(MODEL_TYPES).join(', ')}`);
  }
  return MODEL_TYPES[modelType as keyof typeof MODEL_TYPES];
}

/**
 * The family once the tokenizer is known. Google's fixed-resolution SigLIP 2 checkpoints (and their
 * onnx-community exports) say model_type siglip (SiglipModel; only NaFlex is Siglip2Model): their Gemma
 * tokenizer is what tells them from SigLIP, whose tokenizer is SiglipTokenizer.
 */
export function familyWithTokenizer(family: ModelFamily, tokenizerClass: string | undefined): ModelFamily {
  return family === 'siglip' && tokenizerClass?.replace(/Fast$/, '') === 'GemmaTokenizer' ? 'siglip2' : family;
}

/** Whether the family's reference cleans texts as open_clip does (canonicalize_text) before its tokenizer runs. */
export function familyCanonicalizes(family: ModelFamily): boolean {
  return family === 'siglip2';
}

/** A family named in a manifest. */
export function parseFamily(value: string, where: string): ModelFamily {
  if (!isModelFamily(value)) throw new ClipEvalError('MODEL', `${where}: family ${JSON.stringify(value)} is unknown; expected one of ${Object.keys(MODEL_FAMILIES).join(', ')}`);
  return value;
}
