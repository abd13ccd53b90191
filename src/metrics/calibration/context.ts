import { ClipEvalError } from '../../core/errors.js';

/**
 * Calibration metrics take, per sample, the model's probability of its decision (its top-1 confidence)
 * and whether the decision was right. They are not classification metrics of the registry's kind, which
 * take ranking scores: a ranking does not change under any monotone map, a calibration figure changes
 * under every one, so feeding them logits (or a CLIP run's 100 x cosine) would give a number that means
 * nothing. The pairs are also all a sharded run's predictions.csv holds, so merge recounts them exactly.
 */
export interface CalibrationAccumulator {
  /** `confidence[i]` in [0, 1] is the probability of sample i's prediction; `correct[i]` is 1 when it was right. */
  add(confidence: ArrayLike<number>, correct: ArrayLike<number>): void;
  /** The value so far; NaN with no samples. */
  result(): number;
}

export interface CalibrationMetric {
  readonly name: string;
  /** How tables and plots name it. */
  readonly title: string;
  readonly description: string;
  /** A fraction in [0, 1]. */
  readonly fraction: true;
  create(): CalibrationAccumulator;
}

/** Checks one batch of (confidence, correct) pairs; `metric` names the caller. */
export function checkCalibrationBatch(confidence: ArrayLike<number>, correct: ArrayLike<number>, metric: string): void {
  if (confidence.length !== correct.length) throw new ClipEvalError('INPUT', `${metric}: ${confidence.length} confidences for ${correct.length} correctness flags`);
  for (let i = 0; i < confidence.length; i++) {
    const p = confidence[i]!;
    if (!(p >= 0 && p <= 1)) throw new ClipEvalError('INPUT', `${metric}: confidence ${p} of sample ${i} is not a probability in [0, 1]`);
    const c = correct[i]!;
    if (c !== 0 && c !== 1) throw new ClipEvalError('INPUT', `${metric}: correct flag ${c} of sample ${i} is not 0 or 1`);
  }
}
