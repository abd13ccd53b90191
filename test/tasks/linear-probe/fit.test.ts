import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matrix } from '../../../src/core/tensor.js';
import { fitLogistic, predictProbe, probeParameters, warmStartAt, type FittedProbe } from '../../../src/tasks/linear-probe/fit.js';
import { bindData, openProbeKernel, type ProbeKernel } from '../../../src/tasks/linear-probe/kernel.js';
import { REFERENCE } from './reference.js';

const ref = REFERENCE.sklearn;
const train = matrix(Float32Array.from(ref.train_x), ref.train_y.length, ref.d);
const test = matrix(Float32Array.from(ref.test_x), ref.test_y.length, ref.d);

/** Both stop on ftol (relative decrease < 2.2e-9), a little short of the optimum: the issue asks for 1e-4. */
const OBJECTIVE_RTOL = 1e-6;
/** Weights (|w| up to 0.56 here) agree to what two early-stopped solvers of a flat objective can. */
const WEIGHT_ATOL = 5e-3;

let kernel: ProbeKernel;
beforeAll(async () => {
  kernel = await openProbeKernel({ threads: 1 });
});
afterAll(async () => kernel.release());

describe('fitLogistic', () => {
  it("reaches scikit-learn's LogisticRegression(solver='lbfgs', multi_class='multinomial') solution", async () => {
    const data = bindData(train, Int32Array.from(ref.train_y), ref.k);
    const { probe, report } = await fitLogistic(kernel, data, { C: ref.C, tol: ref.tol, maxIterations: ref.max_iter });
    expect(report.converged).toBe(true);
    expect(Math.abs(report.objective - ref.objective) / ref.objective).toBeLessThan(OBJECTIVE_RTOL);
    // The float32 phase takes a slightly different path to the same point.
    expect(Math.abs(report.iterations - ref.n_iter), `${report.iterations} vs ${ref.n_iter} iterations`).toBeLessThanOrEqual(0.2 * ref.n_iter);
    const { weights, bias } = probeParameters(probe);
    weights.forEach((w, i) => expect(Math.abs(w - ref.coef[i]!)).toBeLessThan(WEIGHT_ATOL));
    // The intercept is unpenalised and the softmax ignores a common shift: compare differences from class 0.
    bias.forEach((b, c) => expect(Math.abs(b - bias[0]! - (ref.intercept[c]! - ref.intercept[0]!))).toBeLessThan(WEIGHT_ATOL));
    expect(Array.from(await predictProbe(kernel, probe, test))).toEqual(ref.test_pred);
  });

  it('warm-starts from a neighbouring solution in fewer iterations', async () => {
    const data = bindData(train, Int32Array.from(ref.train_y), ref.k);
    const settings = { C: ref.C, tol: 1e-5, maxIterations: 1000 };
    const cold = await fitLogistic(kernel, data, settings);
    const warm = await fitLogistic(kernel, data, { ...settings, C: ref.C * 1.3 }, cold.probe);
    const coldAtNeighbour = await fitLogistic(kernel, data, { ...settings, C: ref.C * 1.3 });
    expect(warm.report.iterations).toBeLessThan(coldAtNeighbour.report.iterations);
    expect(Math.abs(warm.report.objective - coldAtNeighbour.report.objective) / coldAtNeighbour.report.objective).toBeLessThan(1e-7);
  });

  it('reports a fit that runs out of iterations as not converged', async () => {
    const data = bindData(train, Int32Array.from(ref.train_y), ref.k);
    const { report } = await fitLogistic(kernel, data, { C: ref.C, tol: 1e-8, maxIterations: 3 });
    expect(report).toMatchObject({ converged: false, stop: 'max-iterations', iterations: 3 });
  });
});

describe('warmStartAt', () => {
  /** A probe whose parameters are [log10 C, 2·log10 C]: on a straight line in log C. */
  const at = (C: number) => ({ C, probe: { numClasses: 1, dims: 1, packed: Float64Array.of(Math.log10(C), 2 * Math.log10(C)) } satisfies FittedProbe });
  const start = (C: number, neighbours: ReturnType<typeof at>[]) => Array.from(warmStartAt(C, neighbours)?.packed ?? []);

  it('interpolates in log C between neighbours on either side, and extrapolates at most their spacing beyond the nearest', () => {
    expect(start(10, [at(1), at(1000)])).toEqual([1, 2].map((x) => expect.closeTo(x, 12)));
    expect(start(100, [at(1), at(0.01)])).toEqual([2, 4].map((x) => expect.closeTo(x, 12)));
    // Beyond the spacing: the nearest solution as it is.
    expect(start(1e4, [at(1), at(0.01)])).toEqual([0, 0]);
  });

  it('starts from the one neighbour as it is, and from nothing without one', () => {
    const one = at(3);
    expect(warmStartAt(5, [one])).toBe(one.probe);
    expect(warmStartAt(5, [])).toBeUndefined();
  });
});
