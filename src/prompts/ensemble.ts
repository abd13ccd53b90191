import { ClipEvalError } from '../core/errors.js';
import { matmulTransposed, normalizeRows } from '../core/linalg.js';
import type { Matrix } from '../core/tensor.js';

/**
 * How the prompt embeddings of one class are combined:
 * - mean-of-normalized (OpenAI's notebook, DESIGN.md 5): L2-normalise each, average, L2-normalise;
 * - mean-of-raw (imagenet-testbed): average the raw embeddings, then L2-normalise.
 */
export const ENSEMBLE_MODES = ['mean-of-normalized', 'mean-of-raw'] as const;
export type EnsembleMode = (typeof ENSEMBLE_MODES)[number];

export function parseEnsembleMode(value: string): EnsembleMode {
  if (!(ENSEMBLE_MODES as readonly string[]).includes(value)) {
    throw new ClipEvalError('USAGE', `--ensemble must be one of ${ENSEMBLE_MODES.join(', ')}, got '${value}'`);
  }
  return value as EnsembleMode;
}

/** Class-major prompt embeddings [C*T, D] -> zero-shot weights [C, D], one unit row per class. */
export function buildClassifier(promptEmbeddings: Matrix, templateCount: number, mode: EnsembleMode): Matrix {
  const { rows, cols } = promptEmbeddings;
  if (templateCount < 1 || rows % templateCount !== 0) {
    throw new ClipEvalError('INPUT', `${rows} prompt embeddings cannot be split into classes of ${templateCount} templates`);
  }
  const classes = rows / templateCount;
  const source = mode === 'mean-of-normalized' ? normalizeRows(promptEmbeddings) : promptEmbeddings;
  const sums = new Float64Array(classes * cols);
  for (let r = 0; r < rows; r++) {
    const c = Math.floor(r / templateCount);
    for (let j = 0; j < cols; j++) sums[c * cols + j]! += source.data[r * cols + j]!;
  }
  const mean = new Float32Array(classes * cols);
  for (let i = 0; i < mean.length; i++) mean[i] = sums[i]! / templateCount;
  return normalizeRows({ rows: classes, cols, data: mean });
}

/** Logits of L2-normalised image features against the classifier, scaled by 100 as CLIP does. */
export function zeroShotLogits(imageFeatures: Matrix, classifier: Matrix): Matrix {
  return matmulTransposed(normalizeRows(imageFeatures), classifier, 100);
}
