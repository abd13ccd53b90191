import { describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../../src/core/errors.js';
import { PAPER_GRID } from '../../../src/tasks/linear-probe/sweep.js';
import { runLinearProbe, type LinearProbeOptions } from '../../../src/tasks/linear-probe/run.js';
import { gaussianClasses } from './synthetic.js';

const { train, test } = gaussianClasses(1, 150, 6, [0, 2, 5]);
const base: LinearProbeOptions = { selection: { kind: 'sweep', grid: PAPER_GRID }, valFraction: 0.2, tol: 1e-4, maxIterations: 1000, seed: 0, threads: 1 };

describe('runLinearProbe', () => {
  it('with one C: fits all of train directly, one weight row per train class', async () => {
    const result = await runLinearProbe(train, test, { ...base, selection: { kind: 'values', values: [0.3] } });
    expect(Array.from(result.classes)).toEqual([0, 2, 5]);
    const [run] = result.runs;
    expect(run).toMatchObject({ C: 0.3, sweep: [], n: { train: 150, validation: 0, test: 75 } });
    expect(run!.accuracy.validation).toBeNull();
    expect(run!.accuracy.test).toBeGreaterThan(0.6);
    expect(run!.weights).toHaveLength(3 * 6);
    expect(run!.bias).toHaveLength(3);
    expect(run!.final.converged).toBe(true);
    expect(result.testAccuracy).toMatchObject({ n: 1, mean: run!.accuracy.test, std: 0 });
  });

  it("sweeps C on a held-out fifth of train, keeps the best, and refits on all of train", async () => {
    const fits: string[] = [];
    const result = await runLinearProbe(train, test, { ...base, onFit: ({ stage }) => fits.push(stage) });
    const [run] = result.runs;
    // 7 coarse values, then at most two per halving (fewer where a neighbour is off the grid or already fitted).
    expect(run!.sweep.length).toBeGreaterThanOrEqual(7);
    expect(run!.sweep.length).toBeLessThanOrEqual(15);
    expect(fits).toEqual([...Array(run!.sweep.length).fill('sweep'), 'final']);
    const best = Math.max(...run!.sweep.map((p) => p.validationAccuracy));
    expect(run!.accuracy.validation).toBe(best);
    expect(run!.sweep.find((p) => p.C === run!.C)!.validationAccuracy).toBe(best);
    expect(run!.n).toEqual({ train: 150, validation: 30, test: 75 });
    expect(run!.final.C).toBe(run!.C);
  });

  it('reports fits that do not converge and goes on with the sweep', async () => {
    const result = await runLinearProbe(train, test, { ...base, maxIterations: 2 });
    const [run] = result.runs;
    expect(run!.sweep.length).toBeGreaterThanOrEqual(7);
    expect(run!.sweep.some((p) => !p.converged && p.stop === 'max-iterations')).toBe(true);
    expect(run!.final.converged).toBe(false);
  });

  it('few-shot: K examples per class from the train part, repeated over seeds, with mean and spread', async () => {
    const result = await runLinearProbe(train, test, { ...base, selection: { kind: 'values', values: [0.1, 1] }, shots: { k: 4, seeds: 3 } });
    expect(result.runs.map((r) => r.shotSeed)).toEqual([0, 1, 2]);
    expect(result.runs.every((r) => r.n.train === 12 && r.n.validation === 30 && r.sweep.length === 2)).toBe(true);
    expect(result.testAccuracy.n).toBe(3);
    const tests = result.runs.map((r) => r.accuracy.test);
    expect(result.testAccuracy.mean).toBeCloseTo(tests.reduce((a, b) => a + b) / 3, 12);
    expect(result.testAccuracy.min).toBe(Math.min(...tests));
  });

  it('scores one fit on several named test splits, the first as the headline', async () => {
    const shifted = gaussianClasses(7, 40, 6, [0, 2]).test;
    const tests = [{ name: 'id', ...test }, { name: 'shift', ...shifted }];
    const result = await runLinearProbe(train, tests, { ...base, selection: { kind: 'values', values: [0.3] } });
    const single = await runLinearProbe(train, test, { ...base, selection: { kind: 'values', values: [0.3] } });
    const [run] = result.runs;
    expect(run!.weights).toEqual(single.runs[0]!.weights);
    expect(run!.tests.map((t) => [t.split, t.n])).toEqual([['id', 75], ['shift', 20]]);
    expect(run!.tests[0]!.accuracy).toBe(single.runs[0]!.accuracy.test);
    expect(run!.accuracy.test).toBe(run!.tests[0]!.accuracy);
    expect(run!.tests[1]!.accuracy).toBeLessThan(0.7);
    expect(result.tests.map((t) => [t.split, t.accuracy.mean])).toEqual([['id', run!.tests[0]!.accuracy], ['shift', run!.tests[1]!.accuracy]]);
    expect(single.tests.map((t) => t.split)).toEqual(['test']);
    const unseen = { name: 'shift', ...shifted, labels: shifted.labels.map((l, i) => (i === 3 ? 9 : l)) };
    await expect(runLinearProbe(train, [tests[0]!, unseen], base)).rejects.toThrow(/'shift' test class 9 never appears in train/);
  });

  it('refuses unusable options by the flag that sets them', async () => {
    const usage = async (options: LinearProbeOptions, pattern: RegExp) => {
      const error = await runLinearProbe(train, test, options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClipEvalError);
      expect((error as ClipEvalError).code).toBe('USAGE');
      expect((error as Error).message).toMatch(pattern);
    };
    await usage({ ...base, selection: { kind: 'values', values: [0] } }, /--C needs positive numbers/);
    await usage({ ...base, valFraction: 1 }, /--val-fraction/);
    await usage({ ...base, maxIterations: 0 }, /--max-iter/);
    await usage({ ...base, shots: { k: 0, seeds: 2 } }, /--shots/);
  });
});
