import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { topK } from '../../../src/core/linalg.js';
import { matrix, row } from '../../../src/core/tensor.js';
import { calibrationBin, ECE_BINS } from '../../../src/metrics/calibration/expected-calibration-error.js';
import { CALIBRATION_METRICS, calibrationAccumulators, calibrationMetric, type CalibrationMetricName } from '../../../src/metrics/registry.js';
import type { ScoringKind } from '../../../src/model/family.js';
import { headProbabilities } from '../../../src/model/scoring-head.js';
import { classesOfLabels, predictionProbabilities } from '../../../src/tasks/zeroshot/probabilities.js';

/** What tools/make-calibration-oracles.py wrote (NumPy, from the definitions). */
interface Oracles {
  bins: number;
  cases: { name: string; kind: ScoringKind; classes: number; labels: number; class_to_label: number[] | null; y: number[]; logits: number[]; confidence: number[]; correct: number[]; values: Record<CalibrationMetricName, number> }[];
  pairs: { name: string; confidence: number[]; correct: number[]; values: Record<CalibrationMetricName, number> }[];
}
const oracles = JSON.parse(readFileSync(new URL('../fixtures/calibration-oracles.json', import.meta.url), 'utf8')) as Oracles;

/** NumPy and TypeScript sum in different orders; anything beyond rounding is a bug. */
const ATOL = 1e-9;
/**
 * float32 probabilities: NumPy rounds the float64 softmax once, headProbabilities stores exp() as float32
 * before dividing, so they may be an ulp (6e-8) apart; an ECE of such confidences moves by at most as much.
 */
const PROB_ATOL = 1e-7;
const NAMES = Object.keys(CALIBRATION_METRICS) as CalibrationMetricName[];

function evaluate(confidence: ArrayLike<number>, correct: ArrayLike<number>, batch = confidence.length) {
  const acc = calibrationAccumulators();
  for (let s = 0; s < confidence.length; s += batch) acc.add(Array.from(confidence).slice(s, s + batch), Array.from(correct).slice(s, s + batch));
  return acc.result();
}

describe('calibration metrics', () => {
  it('bins as Guo et al.: 15 equal widths (m/15, (m+1)/15], 0 in the first', () => {
    expect(oracles.bins).toBe(ECE_BINS);
    expect([0, 1 / 15, 1 / 15 + 1e-12, 0.2, 0.2000001, 14 / 15, 0.99, 1].map((p) => calibrationBin(p, 15))).toEqual([0, 0, 1, 2, 3, 13, 14, 14]);
  });

  for (const pairs of oracles.pairs) {
    it(`${pairs.name}: matches NumPy on (confidence, correct) pairs`, () => {
      const values = evaluate(pairs.confidence, pairs.correct);
      for (const name of NAMES) expect(Math.abs(values[name] - pairs.values[name]), name).toBeLessThanOrEqual(ATOL);
    });
  }

  for (const c of oracles.cases) {
    it(`${c.name}: the ${c.kind} head's top-1 probabilities and ECE match NumPy`, () => {
      const logits = matrix(Float32Array.from(c.logits), c.y.length, c.classes);
      const head = { kind: c.kind, scale: 1, bias: 0, source: 'test' };
      const probs = headProbabilities(head, logits, 'test');
      const classToLabel = c.class_to_label ? Int32Array.from(c.class_to_label) : undefined;
      const predicted = Array.from({ length: logits.rows }, (_, i) => {
        const top = topK(row(logits, i), 1)[0]!;
        return classToLabel ? classToLabel[top]! : top;
      });
      const { pred } = predictionProbabilities(c.kind, probs, predicted, c.y, classesOfLabels(c.classes, c.labels, classToLabel));
      const worst = Math.max(...Array.from(pred, (p, i) => Math.abs(p - c.confidence[i]!)));
      expect(worst).toBeLessThanOrEqual(PROB_ATOL);
      expect(predicted.map((p, i) => (p === c.y[i] ? 1 : 0))).toEqual(c.correct);
      const values = evaluate(pred, c.correct);
      for (const name of NAMES) expect(Math.abs(values[name] - c.values[name]), `${name}: ${values[name]} vs ${c.values[name]}`).toBeLessThanOrEqual(PROB_ATOL);
      // NumPy's own confidences give NumPy's figures to rounding
      const exact = evaluate(c.confidence, c.correct);
      for (const name of NAMES) expect(Math.abs(exact[name] - c.values[name]), name).toBeLessThanOrEqual(ATOL);
      // streamed in batches: the same figures
      expect(evaluate(pred, c.correct, 7)).toEqual(values);
    });
  }

  it('names each metric by its key, refuses unknown names and non-probabilities', () => {
    for (const [key, metric] of Object.entries(CALIBRATION_METRICS)) {
      expect(metric.name).toBe(key);
      expect(metric.fraction).toBe(true);
    }
    expect(() => calibrationMetric('ece')).toThrow(/unknown calibration metric "ece"; valid names: expected_calibration_error, mean_confidence/);
    expect(() => evaluate([1.5], [1])).toThrow(/confidence 1.5 of sample 0 is not a probability/);
    expect(() => evaluate([0.5], [2])).toThrow(/correct flag 2/);
    expect(Number.isNaN(evaluate([], []).expected_calibration_error)).toBe(true);
  });
});
