import { checkCalibrationBatch, type CalibrationAccumulator, type CalibrationMetric } from './context.js';

/** Guo et al. 2017 ("On Calibration of Modern Neural Networks") bin the top-1 probability into 15 equal widths. */
export const ECE_BINS = 15;

/**
 * The bin of a confidence: bin m (0-based) holds m/M < p <= (m+1)/M, with the edges computed as m/M; a
 * confidence of exactly 0 (a sigmoid underflowing) falls in the first bin.
 */
export function calibrationBin(p: number, bins: number): number {
  let m = Math.min(bins - 1, Math.max(0, Math.ceil(p * bins) - 1));
  while (m > 0 && p <= m / bins) m--;
  while (m < bins - 1 && p > (m + 1) / bins) m++;
  return m;
}

/**
 * Expected calibration error: sum over the bins of |bin| / n x |accuracy(bin) - mean confidence(bin)|
 * (Guo et al. 2017, eq. 3). O(bins) memory: per bin a count, a sum of confidences and a count of hits.
 * The confidence is whatever the caller's model calls the probability of its decision: for a softmax head
 * the top class's share of the distribution, for a sigmoid head (SigLIP) the sigmoid of the top logit alone,
 * a per-pair probability (rows need not sum to 1), so the figure says how far those pairwise yes/no
 * probabilities are from top-1 accuracy.
 */
export function expectedCalibrationError(bins = ECE_BINS): CalibrationMetric {
  const name = 'expected_calibration_error';
  return {
    name,
    title: `ECE (${bins} bins)`,
    description: `expected calibration error: the top-1 probability binned into ${bins} equal-width bins ((m-1)/${bins}, m/${bins}], the gap between each bin's accuracy and mean confidence, weighted by its share of the samples (Guo et al. 2017)`,
    fraction: true,
    create(): CalibrationAccumulator {
      const count = new Float64Array(bins);
      const confidence = new Float64Array(bins);
      const hits = new Float64Array(bins);
      let n = 0;
      return {
        add(p, correct) {
          checkCalibrationBatch(p, correct, name);
          for (let i = 0; i < p.length; i++) {
            const m = calibrationBin(p[i]!, bins);
            count[m]! += 1;
            confidence[m]! += p[i]!;
            hits[m]! += correct[i]!;
          }
          n += p.length;
        },
        result() {
          if (n === 0) return NaN;
          let ece = 0;
          for (let m = 0; m < bins; m++) if (count[m]! > 0) ece += Math.abs(hits[m]! - confidence[m]!) / n;
          return ece;
        },
      };
    },
  };
}

/** The mean top-1 probability: against top-1 accuracy, whether the model is over- or under-confident overall. */
export const meanConfidence: CalibrationMetric = {
  name: 'mean_confidence',
  title: 'mean top-1 confidence',
  description: 'mean over the samples of the probability the model gives its top-1 prediction',
  fraction: true,
  create(): CalibrationAccumulator {
    let sum = 0;
    let n = 0;
    return {
      add(p, correct) {
        checkCalibrationBatch(p, correct, 'mean_confidence');
        for (let i = 0; i < p.length; i++) sum += p[i]!;
        n += p.length;
      },
      result: () => (n > 0 ? sum / n : NaN),
    };
  },
};
