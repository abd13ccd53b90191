import { logit } from '../../metrics/logit-fit.js';

/** Round accuracies in order of preference: decades and 50% first, then the 2-5 steps, then the rest. */
const TICK_TIERS = [
  [0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999],
  [0.002, 0.005, 0.02, 0.05, 0.2, 0.3, 0.4, 0.6, 0.7, 0.8, 0.95, 0.98, 0.995, 0.998],
  [0.15, 0.25, 0.35, 0.45, 0.55, 0.65, 0.75, 0.85, 0.97],
];

/**
 * Accuracy ticks for a logit axis spanning [lo, hi] (logits): round accuracies inside the span, preferred
 * ones first, each at least a ninth of the span from the others.
 */
export function logitTicks(lo: number, hi: number): number[] {
  const minGap = (hi - lo) / 9;
  const ticks: number[] = [];
  for (const tier of TICK_TIERS) {
    for (const acc of tier) {
      const z = logit(acc);
      if (z >= lo && z <= hi && ticks.every((t) => Math.abs(t - z) >= minGap)) ticks.push(z);
    }
  }
  return ticks.sort((a, b) => a - b);
}

/** Vega expression that labels a logit tick with its accuracy in percent. */
export const LOGIT_TICK_LABEL = "format(100 / (1 + exp(-datum.value)), '.3~r')";
