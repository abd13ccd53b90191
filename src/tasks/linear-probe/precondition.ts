import type { BoundData, ProbeKernel } from './kernel.js';
import type { Preconditioner } from './lbfgs.js';

/**
 * L-BFGS's initial inverse Hessian for the probe: per class c, the inverse of
 *
 *   M = a·X̃ᵀX̃ + λ·J   on θ_c = [W_c, b_c],   X̃ = [X, 1],  J = diag(1, …, 1, 0),  λ = 1/C,
 *
 * the Hessian's diagonal block with every softmax curvature p(1 - p) replaced by one constant a (1/k: the
 * value at uniform probabilities; L-BFGS rescales M by sᵀy / yᵀM⁻¹y each iteration, so only a's ratio to λ
 * matters). It is a change of variables: the objective, its optimum and the stopping tests are unchanged.
 * CLIP-like features are far from isotropic (a few dominant directions), so with H0 = γ·I the large-C fits,
 * where the data term dominates, take hundreds of iterations; with M most of that conditioning is gone.
 * M is positive definite for λ > 0 (a·n on the intercept, a·n·Cov(X) + λI on W after eliminating it); undefined
 * when its inverse is not finite all the same (then plain H0 = γ·I). The inverse takes onnxruntime a few ms per C
 * (m = d + 1 = 257: 4 ms, 513: 22 ms), where a Cholesky in JavaScript took 10-200 ms.
 */
export async function probePreconditioner(kernel: ProbeKernel, data: BoundData, C: number): Promise<Preconditioner | undefined> {
  const { numClasses: k, features } = data;
  const d = features.cols;
  const m = d + 1;
  const { scatter, sums } = await kernel.moments(data);
  const a = 1 / k;
  const M = new Float64Array(m * m);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) M[i * m + j] = a * scatter[i * d + j]!;
    M[i * m + i]! += 1 / C;
    M[i * m + d] = M[d * m + i] = a * sums[i]!;
  }
  M[d * m + d] = a * features.rows;
  const inverse = await kernel.inverse(M, m);
  if (!inverse.every(Number.isFinite)) return undefined;
  const gathered = new Float64Array(k * m);
  return async (v, out) => {
    // Packed x = [W (k×d) row-major, b (k)]: gather each class's [W_c, b_c] into one row, multiply, scatter back.
    for (let c = 0; c < k; c++) {
      gathered.set(v.subarray(c * d, (c + 1) * d), c * m);
      gathered[c * m + d] = v[k * d + c]!;
    }
    const product = await kernel.multiply(gathered, k, inverse, m);
    for (let c = 0; c < k; c++) {
      out.set(product.subarray(c * m, c * m + d), c * d);
      out[k * d + c] = product[c * m + d]!;
    }
  };
}
