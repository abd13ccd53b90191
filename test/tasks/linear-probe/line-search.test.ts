import { describe, expect, it } from 'vitest';
import { MoreThuente } from '../../../src/tasks/linear-probe/line-search.js';
import { REFERENCE } from './reference.js';

const mt3Base = (a: number): [number, number] => (a <= 0.99 ? [1 - a, -1] : a >= 1.01 ? [a - 1, 1] : [(a - 1) ** 2 / 0.02 + 0.005, (a - 1) / 0.01]);
const FUNCTIONS = {
  mt1: (a: number): [number, number] => [-a / (a * a + 2), (a * a - 2) / (a * a + 2) ** 2],
  mt2: (a: number): [number, number] => [(a + 0.004) ** 5 - 2 * (a + 0.004) ** 4, 5 * (a + 0.004) ** 4 - 8 * (a + 0.004) ** 3],
  mt3: (a: number): [number, number] => {
    const [f, g] = mt3Base(a);
    return [f + ((2 * 0.99) / (39 * Math.PI)) * Math.sin(((39 * Math.PI) / 2) * a), g + 0.99 * Math.cos(((39 * Math.PI) / 2) * a)];
  },
  quadratic: (a: number): [number, number] => [(a - 3) ** 2 - 9, 2 * (a - 3)],
};

/** Steps agree to rounding: JavaScript's and libm's sin/cos differ in the last bit, which the interpolation amplifies. */
const STEP_RTOL = 1e-9;
const close = (a: number, b: number) => Math.abs(a - b) <= STEP_RTOL * Math.max(1, Math.abs(b));

describe('Moré–Thuente line search', () => {
  it("asks for the same trial steps as MINPACK-2's dcsrch and ends the same way", () => {
    for (const c of REFERENCE.dcsrch) {
      const fn = FUNCTIONS[c.function];
      const [f0, g0] = fn(0);
      const search = new MoreThuente(f0, g0, c.trials[0]!, { ftol: c.ftol, gtol: c.gtol, xtol: c.xtol, stpmin: 0, stpmax: c.stpmax });
      const trials: number[] = [];
      let end: string | undefined;
      let final = NaN;
      for (let i = 0; i < 30 && end === undefined; i++) {
        trials.push(search.step);
        const next = search.next(...fn(search.step));
        if (next.kind === 'evaluate') continue;
        end = next.kind;
        final = next.stp;
      }
      const label = `${c.function} from ${c.trials[0]} (ftol ${c.ftol}, gtol ${c.gtol})`;
      expect(trials.length, label).toBe(c.trials.length);
      trials.forEach((t, i) => expect(close(t, c.trials[i]!), `${label}, trial ${i}: ${t} vs ${c.trials[i]}`).toBe(true));
      expect(end, label).toBe(c.task === 'CONVERGENCE' ? 'converged' : 'warning');
      expect(close(final, c.final), `${label}: final ${final} vs ${c.final}`).toBe(true);
    }
  });

  it('refuses an ascent direction and a first step outside the bounds', () => {
    expect(() => new MoreThuente(0, 1, 1, { ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax: 10 })).toThrow(/descent/);
    expect(() => new MoreThuente(0, -1, 20, { ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0, stpmax: 10 })).toThrow(/outside/);
  });
});
