import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../../src/report/render.js';
import { linearProbeSweepSpec } from '../../../src/report/specs/linear-probe-sweep.js';
import { checkSpec } from '../../helpers/plots.js';

const curve = {
  C: 0.1,
  sweep: [
    { C: 1, train_accuracy: 0.99, validation_accuracy: 0.8, converged: true },
    { C: 1e-6, train_accuracy: 0.3, validation_accuracy: 0.3, converged: true },
    { C: 0.1, train_accuracy: 0.95, validation_accuracy: 0.85, converged: true },
    { C: 1e6, train_accuracy: 1, validation_accuracy: 0.7, converged: false },
  ],
};

describe('linear-probe sweep plot', () => {
  it('is valid vega-lite: accuracy against C on a log axis, sorted by C, the chosen C marked', async () => {
    const spec = linearProbeSweepSpec(curve);
    checkSpec(spec);
    const layers = spec.layer as { data: { values: Record<string, unknown>[] }; encoding: { x: { scale?: { type: string } } } }[];
    expect(layers[0]!.encoding.x.scale?.type).toBe('log');
    const validation = layers[0]!.data.values.filter((v) => String(v.split).startsWith('Validation'));
    expect(validation.map((v) => v.C)).toEqual([1e-6, 0.1, 1, 1e6]);
    expect(validation.at(-1)!.fit).toBe('not converged');
    expect(layers[2]!.data.values).toEqual([{ C: 0.1 }]);
    expect(await renderSvg(spec)).toContain('<svg');
  });
});
