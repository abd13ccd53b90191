import { ClipEvalError } from '../core/errors.js';

export interface PerClass {
  readonly class: string;
  readonly n: number;
  readonly correct: number;
  /** correct / n, or null for a class with no samples. */
  readonly recall: number | null;
  /** Of the samples predicted as this class, the fraction that are; null when never predicted. */
  readonly precision: number | null;
}

export interface ClassificationMetrics {
  readonly n: number;
  readonly top1: number;
  readonly top5: number;
  /** Mean over the classes that have samples (the paper's "mean per-class" accuracy). */
  readonly mean_per_class_recall: number;
  readonly per_class: readonly PerClass[];
}

/**
 * Streaming counts for top-k accuracy and per-class recall: O(classes) memory, whatever the dataset size.
 * `ranked` is the predicted labels, best first (at least one).
 */
export class ClassificationCounter {
  private n = 0;
  private hits1 = 0;
  private hits5 = 0;
  private readonly support: Float64Array;
  private readonly correct: Float64Array;
  private readonly predicted: Float64Array;

  constructor(private readonly labels: readonly string[]) {
    this.support = new Float64Array(labels.length);
    this.correct = new Float64Array(labels.length);
    this.predicted = new Float64Array(labels.length);
  }

  add(label: number, ranked: readonly number[]): void {
    const top = ranked[0];
    if (top === undefined) throw new ClipEvalError('INPUT', 'a prediction needs at least one ranked label');
    if (label < 0 || label >= this.labels.length) throw new ClipEvalError('INPUT', `label ${label} is outside the ${this.labels.length} classes`);
    this.n++;
    this.support[label]!++;
    this.predicted[top]!++;
    if (top === label) {
      this.hits1++;
      this.correct[label]!++;
    }
    if (ranked.slice(0, 5).includes(label)) this.hits5++;
  }

  result(): ClassificationMetrics {
    const perClass = this.labels.map((name, c): PerClass => ({
      class: name,
      n: this.support[c]!,
      correct: this.correct[c]!,
      recall: this.support[c]! > 0 ? this.correct[c]! / this.support[c]! : null,
      precision: this.predicted[c]! > 0 ? this.correct[c]! / this.predicted[c]! : null,
    }));
    const recalls = perClass.flatMap((p) => (p.recall === null ? [] : [p.recall]));
    return {
      n: this.n,
      top1: this.n > 0 ? this.hits1 / this.n : 0,
      top5: this.n > 0 ? this.hits5 / this.n : 0,
      mean_per_class_recall: recalls.length > 0 ? recalls.reduce((a, b) => a + b, 0) / recalls.length : 0,
      per_class: perClass,
    };
  }
}

/**
 * Maps ranked classifier classes to evaluation labels. A many-to-one map (ObjectNet's testbed protocol) keeps
 * duplicates, so top-5 means "one of the five best classes maps to the label", as imagenet-testbed scores it.
 */
export function rankLabels(rankedClasses: readonly number[], classToLabel: Int32Array | undefined): number[] {
  return classToLabel ? rankedClasses.map((c) => classToLabel[c]!) : [...rankedClasses];
}
