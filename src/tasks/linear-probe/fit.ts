import type { Matrix } from '../../core/tensor.js';
import type { BoundData, ProbeKernel } from './kernel.js';
import { DEFAULTS } from '../../config/defaults.js';
import { minimizeLbfgs, type LbfgsStop } from './lbfgs.js';
import { logisticObjective } from './objective.js';

export interface FitSettings {
  /** Inverse L2 strength, as scikit-learn's C. */
  readonly C: number;
  /** Stop when max |∂f/∂θᵢ| ≤ tol (scikit-learn's tol for lbfgs). */
  readonly tol: number;
  readonly maxIterations: number;
}

/** A fitted classifier; `packed` = [W row-major (k×d), b (k)] in float64, the warm start for a neighbouring C. */
export interface FittedProbe {
  readonly numClasses: number;
  readonly dims: number;
  readonly packed: Float64Array;
}

export interface FitReport {
  readonly C: number;
  readonly objective: number;
  readonly gradMax: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly converged: boolean;
  readonly stop: LbfgsStop;
  readonly seconds: number;
}

export async function fitLogistic(kernel: ProbeKernel, data: BoundData, settings: FitSettings, warmStart?: FittedProbe): Promise<{ probe: FittedProbe; report: FitReport }> {
  const { numClasses } = data;
  const dims = data.features.cols;
  const x0 = warmStart ? Float64Array.from(warmStart.packed) : new Float64Array(numClasses * (dims + 1));
  const start = performance.now();
  // float32 kernels for speed, float64 to finish: convergence is judged in scikit-learn's precision.
  const objectives = [logisticObjective(kernel, data, settings.C, 'float32'), logisticObjective(kernel, data, settings.C, 'float64')];
  const result = await minimizeLbfgs(objectives, x0, {
    ...DEFAULTS.lbfgs,
    gtol: settings.tol,
    maxIterations: settings.maxIterations,
  });
  return {
    probe: { numClasses, dims, packed: result.x },
    report: {
      C: settings.C,
      objective: result.f,
      gradMax: result.gradMax,
      iterations: result.iterations,
      evaluations: result.evaluations,
      converged: result.converged,
      stop: result.stop,
      seconds: (performance.now() - start) / 1000,
    },
  };
}

/** The float32 weights [k, d] and bias [k] of a fitted probe. */
export function probeParameters(probe: FittedProbe): { weights: Float32Array; bias: Float32Array } {
  const nw = probe.numClasses * probe.dims;
  return { weights: Float32Array.from(probe.packed.subarray(0, nw)), bias: Float32Array.from(probe.packed.subarray(nw)) };
}

export async function predictProbe(kernel: ProbeKernel, probe: FittedProbe, features: Matrix): Promise<Int32Array> {
  const { weights, bias } = probeParameters(probe);
  return kernel.predict(features, weights, bias);
}
