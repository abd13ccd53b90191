import { logit } from './logit-fit.js';

/** Accuracies closer to 0 or 1 than this are drawn at this distance: logit axes have no ends. */
const EDGE = 2e-3;

/** An accuracy in [0, 1] as a position on a logit axis. */
export function logitPosition(accuracy: number): number {
  return logit(Math.min(1 - EDGE, Math.max(EDGE, accuracy)));
}

/** A padded domain (logits) around the given accuracies. */
export function logitDomain(accuracies: readonly number[], pad = 0.08): [number, number] {
  const zs = accuracies.map(logitPosition);
  let lo = Math.min(...zs);
  let hi = Math.max(...zs);
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
  }
  const span = hi - lo;
  return [lo - pad * span, hi + pad * span];
}

/**
 * The x span of an effective-robustness panel: its in-distribution accuracies and their intervals, padded.
 * The trend's bootstrap band is computed over exactly this span, so it reaches both edges of the plot.
 */
export function panelXDomain(points: readonly { readonly x: number; readonly xInterval?: { readonly lower: number; readonly upper: number } }[]): [number, number] {
  return logitDomain(points.flatMap((q) => [q.x, ...(q.xInterval ? [q.xInterval.lower, q.xInterval.upper] : [])]));
}
