import { ClipEvalError } from '../../core/errors.js';
import type { Matrix } from '../../core/tensor.js';
import type { ScoringKind } from '../../model/family.js';

/**
 * The columns predictions.csv gains when the model's head gives probabilities: the family's own
 * probability of the predicted label and of the true label. They come after every other column
 * (attributes included), so readers of the older columns see the same bytes before them.
 */
export const PROBABILITY_COLUMNS = { pred: 'prob_pred', label: 'prob_label' } as const;

/**
 * The probability a head's row gives a set of classes: the sum of their probabilities for a softmax head
 * (one distribution over the classes, so the mass of the set), the largest for a sigmoid head (each pair
 * is its own yes/no, and the row need not sum to 1: the set's best match, in [0, 1] and unchanged by
 * listing more names in the set). A single class is that class's probability either way.
 */
export function classSetProbability(kind: ScoringKind, row: ArrayLike<number>, classes: ArrayLike<number>): number {
  let out = 0;
  switch (kind) {
    case 'softmax':
      for (let i = 0; i < classes.length; i++) out += row[classes[i]!]!;
      return Math.min(1, out);
    case 'sigmoid':
      for (let i = 0; i < classes.length; i++) out = Math.max(out, row[classes[i]!]!);
      return out;
    default: {
      const unknown: never = kind;
      throw new ClipEvalError('MODEL', `unknown scoring kind ${String(unknown)}`);
    }
  }
}

/** The classes of each evaluation label (identity: each label its own class). */
export function classesOfLabels(classes: number, labels: number, classToLabel: Int32Array | undefined): Int32Array[] {
  if (!classToLabel) return Array.from({ length: labels }, (_, l) => Int32Array.of(l));
  const lists: number[][] = Array.from({ length: labels }, () => []);
  for (let c = 0; c < classes; c++) lists[classToLabel[c]!]!.push(c);
  return lists.map((l) => Int32Array.from(l));
}

/** Per row: the probability of the predicted label and of the true label (float32, as logits.npy holds the logits). */
export function predictionProbabilities(kind: ScoringKind, probabilities: Matrix, predicted: ArrayLike<number>, labels: ArrayLike<number>, labelClasses: readonly Int32Array[]): { pred: Float32Array; label: Float32Array } {
  const pred = new Float32Array(probabilities.rows);
  const label = new Float32Array(probabilities.rows);
  for (let r = 0; r < probabilities.rows; r++) {
    const row = probabilities.data.subarray(r * probabilities.cols, (r + 1) * probabilities.cols);
    pred[r] = classSetProbability(kind, row, labelClasses[predicted[r]!]!);
    label[r] = classSetProbability(kind, row, labelClasses[labels[r]!]!);
  }
  return { pred, label };
}

/** The shortest decimal text that reads back (as float32) as `value`, for CSV cells. */
export function formatFloat32(value: number): string {
  const f = Math.fround(value);
  for (let digits = 1; digits < 9; digits++) {
    const text = String(Number(f.toPrecision(digits)));
    if (Math.fround(Number(text)) === f) return text;
  }
  return String(Number(f.toPrecision(9)));
}
