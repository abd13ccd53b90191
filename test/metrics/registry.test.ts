import { describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../src/core/errors.js';
import {
  CLASSIFICATION_METRICS,
  RETRIEVAL_METRICS,
  classificationMetric,
  evaluateClassification,
  retrievalMetric,
  type ClassificationMetricName,
} from '../../src/metrics/registry.js';
import { batches, classificationOracles, retrievalOracles } from './oracles.js';

/** scikit-learn and the TypeScript metrics sum in different orders; anything beyond rounding is a bug. */
const ATOL = 1e-9;
const NAMES = Object.keys(CLASSIFICATION_METRICS) as ClassificationMetricName[];

describe('classification metric registry', () => {
  for (const oracle of classificationOracles) {
    it(`${oracle.name}: every metric matches scikit-learn within ${ATOL}`, () => {
      const values = evaluateClassification(NAMES, oracle.context, [oracle]);
      for (const name of NAMES) {
        expect(oracle.values[name], name).toBeDefined();
        expect(Math.abs(values[name] - oracle.values[name]!), `${name}: ${values[name]} vs ${oracle.values[name]}`).toBeLessThanOrEqual(ATOL);
      }
    });

    it(`${oracle.name}: one batch and many give the same values`, () => {
      const whole = evaluateClassification(NAMES, oracle.context, [oracle]);
      for (const sizes of [[1], [7, 1, 30, 2], [17]]) {
        const split = evaluateClassification(NAMES, oracle.context, batches(oracle.labels, oracle.scores, sizes.length === 1 ? Array(oracle.labels.length).fill(sizes[0]) : sizes));
        expect(split).toEqual(whole);
      }
    });
  }

  it('names each metric by its key and calls them fractions', () => {
    for (const [key, metric] of Object.entries(CLASSIFICATION_METRICS)) {
      expect(metric.name).toBe(key);
      expect(metric.fraction).toBe(true);
      expect(metric.description.length).toBeGreaterThan(20);
      expect(classificationMetric(key)).toBe(metric);
    }
  });

  it('says the value is undefined (NaN) before any sample', () => {
    for (const name of NAMES) expect(CLASSIFICATION_METRICS[name].create({ classes: 3 }).result()).toBeNaN();
  });

  it('refuses an unknown name with a usage error listing the valid ones', () => {
    const error = (() => {
      try {
        classificationMetric('top3');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ClipEvalError);
    expect((error as ClipEvalError).code).toBe('USAGE');
    expect((error as ClipEvalError).message).toMatch(/"top3".*top1, top5, mean_per_class_recall, map11, map, roc_auc/);
    expect(() => classificationMetric('toString')).toThrow(/unknown classification metric "toString"/);
    expect(() => evaluateClassification(['map', 'nope' as ClassificationMetricName], { classes: 2 }, [])).toThrow(ClipEvalError);
  });
});

describe('retrieval metric registry', () => {
  for (const oracle of retrievalOracles) {
    it(`${oracle.name}: recall@k from the oracle's ranks matches NumPy`, () => {
      for (const [name, metric] of Object.entries(RETRIEVAL_METRICS)) {
        expect(metric.name).toBe(name);
        expect(retrievalMetric(name).compute(oracle.ranks)).toBeCloseTo(oracle.recall[name]!, 12);
      }
    });
  }

  it('refuses an unknown name listing the valid ones', () => {
    expect(() => retrievalMetric('recall@2')).toThrow(/unknown retrieval metric "recall@2"; valid names: recall@1, recall@5, recall@10/);
  });
});
