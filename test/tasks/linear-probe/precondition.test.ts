import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matrix } from '../../../src/core/tensor.js';
import { createRng } from '../../../src/metrics/random.js';
import { bindData, openProbeKernel, type ProbeKernel } from '../../../src/tasks/linear-probe/kernel.js';
import { probePreconditioner } from '../../../src/tasks/linear-probe/precondition.js';
import { maxAbsDiff } from '../../helpers/shared.js';

const [n, d, k, C] = [97, 9, 4, 0.05];
const rng = createRng(5);
// Anisotropic columns with a non-zero mean, like embeddings: the case the preconditioner is for.
const features = matrix(Float32Array.from({ length: n * d }, (_, i) => (rng() - 0.3) * (1 + (i % d))), n, d);
const labels = Int32Array.from({ length: n }, () => Math.floor(rng() * k));
/** M⁻¹ through a float64 Cholesky and onnxruntime's float64 MatMul: rounding only. */
const ATOL = 1e-9;

/** M·u for the packed u = [W (k×d), b (k)], from plain loops: per class, a·X̃ᵀX̃·[W_c, b_c] + λ·[W_c, 0], a = 1/k. */
function applyM(u: Float64Array): Float64Array {
  const out = new Float64Array(u.length);
  for (let c = 0; c < k; c++) {
    for (let i = 0; i < n; i++) {
      let z = u[k * d + c]!;
      for (let j = 0; j < d; j++) z += features.data[i * d + j]! * u[c * d + j]!;
      for (let j = 0; j < d; j++) out[c * d + j]! += (z * features.data[i * d + j]!) / k;
      out[k * d + c]! += z / k;
    }
    for (let j = 0; j < d; j++) out[c * d + j]! += u[c * d + j]! / C;
  }
  return out;
}

let kernel: ProbeKernel;
beforeAll(async () => {
  kernel = await openProbeKernel({ threads: 1 });
});
afterAll(async () => kernel.release());

describe('the probe preconditioner', () => {
  it('applies the inverse of a·X̃ᵀX̃ + λ·J per class to the packed parameters, with the moments computed once', async () => {
    const data = bindData(features, labels, k);
    const precondition = await probePreconditioner(kernel, data, C);
    expect(precondition).toBeDefined();
    const moments = data.moments.value;
    const v = Float64Array.from({ length: k * (d + 1) }, () => rng() - 0.5);
    const u = new Float64Array(v.length);
    await precondition!(v, u);
    expect(maxAbsDiff(applyM(u), v)).toBeLessThan(ATOL);
    await probePreconditioner(kernel, data, 2 * C);
    expect(data.moments.value).toBe(moments);
  });
});
