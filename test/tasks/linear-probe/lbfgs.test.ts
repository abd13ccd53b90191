import { describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../../src/config/defaults.js';
import { minimizeLbfgs, type Objective } from '../../../src/tasks/linear-probe/lbfgs.js';
import { naiveObjective, REFERENCE } from './reference.js';

const { x, y, d, k } = REFERENCE.lbfgsb;
const features = Float32Array.from(x);
const F_RTOL = 1e-9;

/** The objective, recording every value it returns. */
function recorded(C: number): { objective: Objective; values: number[] } {
  const exact = naiveObjective(features, y, d, k, C);
  const values: number[] = [];
  return { objective: async (p, g) => { const f = exact(p, g); values.push(f); return f; }, values };
}

const STOPS: Record<string, string> = { 'CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH': 'ftol', 'CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL': 'gtol', 'STOP: TOTAL NO. of ITERATIONS REACHED LIMIT': 'max-iterations' };

describe('L-BFGS', () => {
  it("evaluates the same points as scipy's L-BFGS-B on scikit-learn's loss and stops at the same iteration for the same reason", async () => {
    for (const run of REFERENCE.lbfgsb.runs) {
      const { objective, values } = recorded(run.C);
      const result = await minimizeLbfgs([objective], new Float64Array(k * (d + 1)), { ...DEFAULTS.lbfgs, gtol: run.gtol, maxIterations: run.maxiter });
      const label = `C=${run.C}, gtol=${run.gtol}, maxiter=${run.maxiter}`;
      expect(result.stop, label).toBe(STOPS[run.message]);
      expect(result.iterations, label).toBe(run.nit);
      expect(result.evaluations, label).toBe(run.nfev);
      values.forEach((f, i) => expect(Math.abs(f - run.f[i]!) / Math.abs(run.f[i]!), `${label}, evaluation ${i}`).toBeLessThan(F_RTOL));
      expect(result.converged).toBe(result.stop === 'ftol' || result.stop === 'gtol');
    }
  });

  it('lets a noisy coarse objective do the early work but judges convergence with the exact one', async () => {
    const run = REFERENCE.lbfgsb.runs[0]!;
    const exact = naiveObjective(features, y, d, k, run.C);
    let coarseCalls = 0;
    // Rounding noise far above ftol·|f|: alone, it would stall the line search or stop early.
    const noisy: Objective = async (p, g) => {
      coarseCalls++;
      const f = exact(p, g);
      return f * (1 + 1e-7 * Math.sin(1e4 * p[0]!));
    };
    const { objective: fine, values } = recorded(run.C);
    const result = await minimizeLbfgs([noisy, fine], new Float64Array(k * (d + 1)), { ...DEFAULTS.lbfgs, gtol: run.gtol, maxIterations: run.maxiter });
    expect(result.converged).toBe(true);
    expect(coarseCalls).toBeGreaterThan(values.length);
    const best = run.f.at(-1)!;
    expect(Math.abs(result.f - best) / best).toBeLessThan(1e-8);
    expect(result.evaluations).toBe(coarseCalls + values.length);
  });

  it('reports a non-finite objective instead of iterating on it', async () => {
    const result = await minimizeLbfgs([async (_p, g) => { g.fill(1); return NaN; }], new Float64Array(3), { ...DEFAULTS.lbfgs, gtol: 1e-4, maxIterations: 10 });
    expect(result.stop).toBe('not-finite');
    expect(result.converged).toBe(false);
  });

  it('gives up when the line search fails with an empty memory (an objective that never decreases)', async () => {
    const result = await minimizeLbfgs([async (_p, g) => { g.fill(1); return 1; }], new Float64Array(2), { ...DEFAULTS.lbfgs, gtol: 1e-4, maxIterations: 10 });
    expect(result.stop).toBe('line-search');
    expect(result.iterations).toBe(0);
    expect(result.evaluations).toBe(1 + DEFAULTS.lbfgs.maxLineSearch);
  });
});
