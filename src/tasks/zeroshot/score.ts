import { topK } from '../../core/linalg.js';
import type { Matrix } from '../../core/tensor.js';
import type { EmbeddedBatch, IndexedSample } from '../../features/embed-dataset.js';
import { ClassificationCounter, rankLabels, type ClassificationMetrics } from '../../metrics/classification.js';
import { zeroShotLogits } from '../../prompts/ensemble.js';

/** One batch scored: each item's image features, logits and its five best evaluation labels. */
export interface ScoredBatch {
  readonly items: readonly IndexedSample[];
  /** [items, D] raw image features, row i for items[i]. */
  readonly features: Matrix;
  /** [items, C] the classifier's logits. */
  readonly logits: Matrix;
  /** Per item, the evaluation labels of the five best classes, best first. */
  readonly ranked: readonly (readonly number[])[];
}

export interface ZeroShotScoring {
  /** The evaluation labels' names (the classes', unless the dataset maps classes to labels). */
  readonly labelNames: readonly string[];
  /** [C, D] unit rows of the zero-shot classifier. */
  readonly classifier: Matrix;
  /** Classifier class -> evaluation label (ObjectNet's protocol); absent = identity. */
  readonly classToLabel?: Int32Array;
}

/**
 * The zero-shot task: scores a stream of image-feature batches against a classifier and counts the metrics.
 * No file I/O: each scored batch goes to `onBatch` (where a writer streams predictions), so memory stays
 * flat whatever the dataset size.
 */
export async function scoreZeroShot(
  batches: AsyncIterable<EmbeddedBatch>,
  output: string,
  scoring: ZeroShotScoring,
  onBatch: (batch: ScoredBatch) => Promise<void>,
): Promise<ClassificationMetrics> {
  const counter = new ClassificationCounter(scoring.labelNames);
  for await (const batch of batches) {
    const features = batch.features[output]!;
    const logits = zeroShotLogits(features, scoring.classifier);
    const ranked = batch.items.map(({ sample }, i) => {
      const labels = rankLabels(topK(logits.data.subarray(i * logits.cols, (i + 1) * logits.cols), 5), scoring.classToLabel);
      counter.add(sample.label, labels);
      return labels;
    });
    await onBatch({ items: batch.items, features, logits, ranked });
  }
  return counter.result();
}
