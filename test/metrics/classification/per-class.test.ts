import { describe, expect, it } from 'vitest';
import { topK } from '../../../src/core/linalg.js';
import { matrix, row } from '../../../src/core/tensor.js';
import { ClassificationCounter, rankLabels } from '../../../src/metrics/classification.js';
import { perClassAccumulator } from '../../../src/metrics/classification/per-class.js';
import { createRng, randomIndex } from '../../../src/metrics/random.js';
import { evaluateClassification, type ClassificationContext } from '../../../src/metrics/registry.js';
import { batches } from '../oracles.js';

/** Seeded scores on a coarse grid, so rows often tie and the tie rule is exercised. */
function seeded(seed: number, n: number, classes: number, labels: number) {
  const rng = createRng(seed);
  const scores = matrix(Float32Array.from({ length: n * classes }, () => Math.round(rng() * 8) / 4), n, classes);
  return { labels: Int32Array.from({ length: n }, () => randomIndex(rng, labels)), scores };
}

const CASES: { name: string; context: ClassificationContext }[] = [
  { name: 'identity, 9 classes', context: { classes: 9 } },
  { name: 'many-to-one, 10 classes onto 4 labels', context: { classes: 10, labels: 4, classToLabel: Int32Array.from([0, 1, 1, 2, 0, 3, 3, 3, 1, 0]) } },
];

describe('per-class breakdown and top-k agree with ClassificationCounter', () => {
  for (const { name, context } of CASES) {
    it(name, () => {
      const labelCount = context.labels ?? context.classes;
      const names = Array.from({ length: labelCount }, (_, i) => `label ${i}`);
      const { labels, scores } = seeded(3, 400, context.classes, labelCount - 1); // the last label has no samples
      const counter = new ClassificationCounter(names);
      for (let i = 0; i < scores.rows; i++) counter.add(labels[i]!, rankLabels(topK(row(scores, i), 5), context.classToLabel));
      const expected = counter.result();

      const perClass = perClassAccumulator(context, names);
      for (const batch of batches(labels, scores, [13, 100, 1])) perClass.add(batch.labels, batch.scores);
      const values = evaluateClassification(['top1', 'top5', 'mean_per_class_recall'], context, [{ labels, scores }]);

      expect(perClass.result()).toEqual(expected.per_class);
      expect(values.top1).toBe(expected.top1);
      expect(values.top5).toBe(expected.top5);
      expect(values.mean_per_class_recall).toBe(expected.mean_per_class_recall);
      expect(expected.per_class.at(-1)!.recall).toBeNull();
    });
  }

  it('wants one name per label', () => {
    expect(() => perClassAccumulator({ classes: 3 }, ['a', 'b'])).toThrow(/per-class breakdown: 2 label names for 3 labels/);
  });
});
