/**
 * The scoring head a model was trained with: logits = scale x cosine (+ bias), turned into probabilities by
 * a softmax over the classes (CLIP) or a sigmoid per pair (SigLIP). Pure functions over matrices; where scale
 * and bias come from (a manifest, a combined graph) is resolved when the model is opened.
 */
import { ClipEvalError } from '../core/errors.js';
import { matrix, type Matrix } from '../core/tensor.js';
import { MODEL_FAMILIES, type ModelFamily, type ScoringKind } from './family.js';

export interface ScoringHead {
  readonly kind: ScoringKind;
  /** The multiplier of the cosines (exp of the trained logit_scale); undefined when the export gives none. */
  readonly scale: number | undefined;
  /** SigLIP's logit_bias; undefined for CLIP heads or when the export gives none. */
  readonly bias: number | undefined;
  /** Where scale and bias came from, for `inspect` and errors. */
  readonly source: string;
}

/** OpenAI's CLIP models all end training with logit_scale at its clamp, exp(4.6052) = 100. */
export const CLIP_DEFAULT_SCALE = 100;

/**
 * The head of a family from what the export gave. CLIP without a scale takes OpenAI's 100 (what the harness
 * has always scored with); SigLIP heads without scale and bias stay incomplete: rankings work, probabilities
 * are refused.
 */
export function scoringHead(family: ModelFamily, found: { scale?: number; bias?: number; source?: string }): ScoringHead {
  const kind = MODEL_FAMILIES[family].scoring;
  if (found.scale !== undefined) return { kind, scale: found.scale, bias: kind === 'sigmoid' ? found.bias : undefined, source: found.source ?? 'the export' };
  const why = found.source ?? 'no scale in the export';
  if (kind === 'softmax') return { kind, scale: CLIP_DEFAULT_SCALE, bias: undefined, source: `OpenAI CLIP's logit_scale ${CLIP_DEFAULT_SCALE} (${why})` };
  return { kind, scale: undefined, bias: undefined, source: found.source ?? 'none: the export gives no logit_scale / logit_bias' };
}

/** Whether the head can give the model's own logits and probabilities. */
export function headIsComplete(head: ScoringHead): boolean {
  return head.scale !== undefined && (head.kind === 'softmax' || head.bias !== undefined);
}

function refuse(head: ScoringHead, what: string, where: string): never {
  const missing = head.kind === 'sigmoid' ? 'logit_scale and logit_bias' : 'logit_scale';
  throw new ClipEvalError(
    'MODEL',
    `${where}: ${what} need the model's ${missing}, which the export does not give (${head.source}); expected a combined onnx/model.onnx with logits_per_image, or "scoring": {"logit_scale": ..., "logit_bias": ...} in a clip-eval.json manifest (rankings do not need them)`,
  );
}

/** [N, C] cosines -> the model's own logits: scale x cosine (+ bias). */
export function headLogits(head: ScoringHead, cosines: Matrix, where: string): Matrix {
  if (!headIsComplete(head)) refuse(head, 'logits', where);
  const scale = head.scale!;
  const bias = head.kind === 'sigmoid' ? head.bias! : 0;
  const out = new Float32Array(cosines.data.length);
  for (let i = 0; i < out.length; i++) out[i] = scale * cosines.data[i]! + bias;
  return matrix(out, cosines.rows, cosines.cols);
}

/**
 * [N, C] logits (from headLogits) -> probabilities as the model was trained: softmax over each row (CLIP),
 * or an independent sigmoid per entry (SigLIP; rows need not sum to 1).
 */
export function headProbabilities(head: ScoringHead, logits: Matrix, where: string): Matrix {
  if (!headIsComplete(head)) refuse(head, 'probabilities', where);
  const out = new Float32Array(logits.data.length);
  switch (head.kind) {
    case 'softmax':
      for (let r = 0; r < logits.rows; r++) {
        const row = logits.data.subarray(r * logits.cols, (r + 1) * logits.cols);
        let max = -Infinity;
        for (const v of row) max = Math.max(max, v);
        let sum = 0;
        for (let c = 0; c < row.length; c++) sum += out[r * logits.cols + c] = Math.exp(row[c]! - max);
        for (let c = 0; c < row.length; c++) out[r * logits.cols + c]! /= sum;
      }
      break;
    case 'sigmoid':
      for (let i = 0; i < out.length; i++) {
        const v = logits.data[i]!;
        out[i] = v >= 0 ? 1 / (1 + Math.exp(-v)) : Math.exp(v) / (1 + Math.exp(v));
      }
      break;
    default: {
      const unknown: never = head.kind;
      throw new ClipEvalError('MODEL', `unknown scoring kind ${String(unknown)}`);
    }
  }
  return matrix(out, logits.rows, logits.cols);
}

/**
 * Scale and bias from a combined graph's outputs: logits_per_image [1, K] against the cosines of its own
 * image_embeds and text_embeds, fitted by least squares (logits = scale x cosine + bias). The fit must be
 * exact to float precision, else the graph's logits are not such a head and nothing is taken from them.
 */
export function fitHead(logits: Float32Array, cosines: Float32Array, file: string): { scale: number; bias: number } {
  const n = logits.length;
  let mc = 0;
  let ml = 0;
  for (let i = 0; i < n; i++) {
    mc += cosines[i]! / n;
    ml += logits[i]! / n;
  }
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (cosines[i]! - mc) * (logits[i]! - ml);
    sxx += (cosines[i]! - mc) ** 2;
  }
  if (!(sxx > 1e-10)) throw new ClipEvalError('MODEL', `${file}: the probe texts gave equal cosines, so logit_scale cannot be read from logits_per_image; give "scoring" in a clip-eval.json manifest`);
  const scale = sxy / sxx;
  const bias = ml - scale * mc;
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(scale * cosines[i]! + bias - logits[i]!));
  const tolerance = 1e-3 * Math.max(1, Math.abs(scale));
  if (worst > tolerance) {
    throw new ClipEvalError('MODEL', `${file}: logits_per_image is not logit_scale x cosine + logit_bias of image_embeds and text_embeds (off by ${worst.toPrecision(3)}); give "scoring" in a clip-eval.json manifest`);
  }
  return { scale, bias };
}
