import type { LinearProbeOptions } from './run.js';
import { PAPER_GRID } from './sweep.js';

/**
 * The linear probe's defaults: the CLIP paper's protocol (appendix A.3: L-BFGS with at most 1,000 iterations,
 * C chosen by the coarse-to-fine sweep on a held-out part of train) with scikit-learn's tolerance. The
 * LinearProbeOptions fields can be passed to runLinearProbe as they are.
 */
export const LINEAR_PROBE_DEFAULTS = {
  selection: { kind: 'sweep', grid: PAPER_GRID },
  valFraction: 0.2,
  tol: 1e-4,
  maxIterations: 1000,
  seed: 0,
  threads: 0,
  shotSeeds: 5,
  trainSplit: 'train',
} as const satisfies LinearProbeOptions & { shotSeeds: number; trainSplit: string };
