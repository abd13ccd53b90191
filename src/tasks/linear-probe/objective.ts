import type { BoundData, Precision, ProbeKernel } from './kernel.js';
import type { Objective } from './lbfgs.js';

/**
 * scikit-learn 1.2's objective for LogisticRegression(C, solver='lbfgs', multi_class='multinomial') without
 * sample weights (sklearn/linear_model/_linear_loss.py, LinearModelLoss with HalfMultinomialLoss):
 *
 *   f(W, b) = Σᵢ [ log Σ_c exp(xᵢ·W_c + b_c) - (xᵢ·W_{yᵢ} + b_{yᵢ}) ] + 1/(2C) · ‖W‖²_F
 *
 * a sum over samples, not a mean, and the intercept b is not penalised (1.2 divides by n only for the
 * newton-cholesky solver). Parameters are packed as x = [W row-major (k×d), b (k)]. The kernel returns the
 * per-sample log-likelihoods, summed here in float64, and the data term's gradient; the penalty is added here.
 */
export function logisticObjective(kernel: ProbeKernel, data: BoundData, C: number, precision: Precision): Objective {
  const k = data.numClasses;
  const nw = k * data.features.cols;
  const Float = precision === 'float32' ? Float32Array : Float64Array;
  const weights = new Float(nw);
  const bias = new Float(k);
  const lambda = 1 / C;
  return async (x, grad) => {
    weights.set(x.subarray(0, nw));
    bias.set(x.subarray(nw));
    const out = await kernel.lossGradient(data, precision, weights, bias);
    let nll = 0;
    for (let i = 0; i < out.loglik.length; i++) nll -= out.loglik[i]!;
    let squared = 0;
    for (let i = 0; i < nw; i++) {
      const w = x[i]!;
      squared += w * w;
      grad[i] = out.gradWeights[i]! + lambda * w;
    }
    for (let c = 0; c < k; c++) grad[nw + c] = out.gradBias[c]!;
    return nll + 0.5 * lambda * squared;
  };
}
