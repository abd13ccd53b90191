import { topK } from '../../core/linalg.js';
import { row } from '../../core/tensor.js';
import { rankLabels } from '../classification.js';
import { checkBatch, resolveContext, type ClassificationMetric, type MetricAccumulator } from './context.js';

/**
 * Top-k accuracy: the fraction of samples whose label is among the labels of the k best classes. Classes
 * are ranked by `topK` (ties to the lower class index, as the zero-shot task has always ranked them;
 * scikit-learn's `top_k_accuracy_score` breaks ties the other way) and then mapped to labels keeping
 * duplicates, so with a many-to-one map "one of the k best classes maps to the label" (imagenet-testbed).
 * O(1) memory.
 */
export function topKAccuracy(k: number): ClassificationMetric {
  const name = `top${k}`;
  return {
    name,
    title: `top-${k}`,
    clipBenchmark: `acc${k}`,
    description: `top-${k} accuracy: fraction of samples whose label is among those of the ${k} highest-scoring classes (ties to the lower class index)`,
    fraction: true,
    create(context): MetricAccumulator {
      const resolved = resolveContext(context, name);
      let n = 0;
      let hits = 0;
      return {
        add(labels, scores) {
          checkBatch(resolved, labels, scores, name);
          for (let i = 0; i < scores.rows; i++) {
            if (rankLabels(topK(row(scores, i), k), resolved.classToLabel).includes(labels[i]!)) hits++;
          }
          n += scores.rows;
        },
        result: () => (n > 0 ? hits / n : NaN),
      };
    },
  };
}
