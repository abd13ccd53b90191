import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matrix } from '../../../src/core/tensor.js';
import { createRng } from '../../../src/metrics/random.js';
import { bindData, openProbeKernel, type ProbeKernel } from '../../../src/tasks/linear-probe/kernel.js';
import { logisticObjective } from '../../../src/tasks/linear-probe/objective.js';
import { maxAbsDiff } from '../../helpers/shared.js';
import { naiveObjective } from './reference.js';

const [n, d, k, C] = [257, 33, 7, 0.7];
const rng = createRng(11);
const features = matrix(Float32Array.from({ length: n * d }, () => rng() * 4 - 2), n, d);
const labels = Int32Array.from({ length: n }, () => Math.floor(rng() * k));
const params = Float64Array.from({ length: k * (d + 1) }, () => rng() - 0.5);

/** Tolerances relative to the largest value compared: float32 GEMMs over d and n terms, float64 to rounding. */
const RTOL = { float32: 1e-5, float64: 1e-12 } as const;

let kernel: ProbeKernel;
beforeAll(async () => {
  kernel = await openProbeKernel({ threads: 1 });
});
afterAll(async () => kernel.release());

describe('probe kernel (onnxruntime graphs)', () => {
  it('computes the objective and gradient of plain float64 loops, in float32 and in float64', async () => {
    const gradRef = new Float64Array(params.length);
    const fRef = naiveObjective(features.data, labels, d, k, C)(params, gradRef);
    const scale = Math.max(...gradRef.map(Math.abs));
    const data = bindData(features, labels, k);
    for (const precision of ['float32', 'float64'] as const) {
      const grad = new Float64Array(params.length);
      const f = await logisticObjective(kernel, data, C, precision)(params, grad);
      expect(Math.abs(f - fRef) / fRef, precision).toBeLessThan(RTOL[precision]);
      expect(maxAbsDiff(grad, gradRef) / scale, precision).toBeLessThan(RTOL[precision]);
    }
  });

  it('shares the float32 features and makes the float64 copy once, on first use', async () => {
    const data = bindData(features, labels, k);
    const grad = new Float64Array(params.length);
    await logisticObjective(kernel, data, C, 'float32')(params, grad);
    expect(data.arrays.float32?.features).toBe(features.data);
    expect(data.arrays.float64).toBeUndefined();
    await logisticObjective(kernel, data, C, 'float64')(params, grad);
    const copy = data.arrays.float64?.features;
    await logisticObjective(kernel, data, 2 * C, 'float64')(params, grad);
    expect(data.arrays.float64?.features).toBe(copy);
  });

  it('predicts the arg-max class', async () => {
    const weights = Float32Array.from(params.subarray(0, k * d));
    const bias = Float32Array.from(params.subarray(k * d));
    const predicted = await kernel.predict(features, weights, bias);
    for (let i = 0; i < n; i++) {
      const scores = Array.from({ length: k }, (_, c) => bias[c]! + features.data.subarray(i * d, (i + 1) * d).reduce((s, v, j) => s + v * weights[c * d + j]!, 0));
      expect(predicted[i]).toBe(scores.indexOf(Math.max(...scores)));
    }
  });
});
