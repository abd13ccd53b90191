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

/**
 * Class-major prompt embeddings -> zero-shot weights [C, D], one unit row per class. `promptsPerClass` is
 * the template count (every class alike) or each class's own count (classes with several names).
 */
export function buildClassifier(promptEmbeddings: Matrix, promptsPerClass: number | readonly number[], mode: EnsembleMode): Matrix {
  const { rows, cols } = promptEmbeddings;
  const counts = typeof promptsPerClass === 'number' ? Array.from({ length: promptsPerClass > 0 ? Math.floor(rows / promptsPerClass) : 0 }, () => promptsPerClass) : [...promptsPerClass];
  if (counts.some((c) => c < 1) || counts.reduce((a, b) => a + b, 0) !== rows || counts.length === 0) {
    throw new ClipEvalError('INPUT', `${rows} prompt embeddings cannot be split into classes of ${JSON.stringify(promptsPerClass)} prompts`);
  }
  const source = mode === 'mean-of-normalized' ? normalizeRows(promptEmbeddings) : promptEmbeddings;
  const mean = new Float32Array(counts.length * cols);
  const sums = new Float64Array(cols);
  let r = 0;
  counts.forEach((count, c) => {
    sums.fill(0);
    for (let k = 0; k < count; k++, r++) for (let j = 0; j < cols; j++) sums[j]! += source.data[r * cols + j]!;
    for (let j = 0; j < cols; j++) mean[c * cols + j] = sums[j]! / count;
  });
  return normalizeRows({ rows: counts.length, cols, data: mean });
}

/** Logits of L2-normalised image features against the classifier, scaled by 100 as CLIP does. */
export function zeroShotLogits(imageFeatures: Matrix, classifier: Matrix): Matrix {
  return matmulTransposed(normalizeRows(imageFeatures), classifier, 100);
}
