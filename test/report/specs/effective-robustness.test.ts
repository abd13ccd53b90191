import { describe, expect, it } from 'vitest';
import { logitDomain, panelXDomain } from '../../../src/metrics/logit-domain.js';
import { effectiveRobustnessSpec, lineInPanel, type RobustnessPanel } from '../../../src/report/specs/effective-robustness.js';
import { checkSpec } from '../../helpers/plots.js';

// The demo's V2-like panel: in-distribution accuracy far above the shifted one, so y = x leaves through the top.
const v2: RobustnessPanel = {
  xTitle: 'emoji (top-1, %)',
  yTitle: 'V2-like (top-1, %)',
  points: [
    { model: 'a', role: 'baseline', x: 0.63, y: 0.53 },
    { model: 'b', role: 'baseline', x: 0.83, y: 0.71 },
    { model: 'c', role: 'baseline', x: 0.935, y: 0.815 },
    { model: 'd', role: 'baseline', x: 0.987, y: 0.88 },
    { model: 'clip', role: 'evaluated', x: 0.988, y: 0.888, xInterval: { lower: 0.98, upper: 0.994 }, yInterval: { lower: 0.85, upper: 0.92 } },
  ],
  fit: { slope: 0.55, intercept: -0.2, band: [{ x: -0.5, lower: -1, upper: 4 }, { x: 6, lower: 2, upper: 9 }] },
};

type Layer = { data?: { values: { x: number; y?: number; lower?: number; upper?: number }[] }; mark?: { type: string; strokeDash?: number[] } };

describe('effective robustness panel', () => {
  it("keeps the y = x line, the trend and its band inside the panel's domain", () => {
    const spec = effectiveRobustnessSpec([v2], { title: 'ER' });
    checkSpec(spec);
    const layers = (spec.concat as { layer: Layer[] }[])[0]!.layer;
    const [x0, x1] = panelXDomain(v2.points);
    const [y0, y1] = logitDomain(v2.points.flatMap((q) => [q.y, ...(q.yInterval ? [q.yInterval.lower, q.yInterval.upper] : [])]));
    const diagonal = layers.find((l) => l.mark?.type === 'line' && l.mark.strokeDash)!.data!.values;
    const trend = layers.find((l) => l.mark?.type === 'line' && !l.mark.strokeDash)!.data!.values;
    const band = layers.find((l) => l.mark?.type === 'area')!.data!.values;
    expect(diagonal).toHaveLength(2);
    for (const p of [...diagonal, ...trend]) {
      expect(p.x).toBeGreaterThanOrEqual(x0);
      expect(p.x).toBeLessThanOrEqual(x1);
      expect(p.y!).toBeGreaterThanOrEqual(y0);
      expect(p.y!).toBeLessThanOrEqual(y1);
    }
    for (const p of diagonal) expect(Math.abs(p.x - p.y!)).toBeLessThan(1e-4);
    // The diagonal leaves through the top: it ends where y reaches the top of the domain.
    expect(diagonal[1]!.y).toBeCloseTo(y1, 4);
    for (const b of band) {
      for (const v of [b.lower!, b.upper!]) {
        expect(v).toBeGreaterThanOrEqual(y0);
        expect(v).toBeLessThanOrEqual(y1);
      }
    }
  });

  it('draws no y = x where the panel lies wholly below the diagonal, yet keeps its scales', () => {
    const low: RobustnessPanel = { ...v2, points: v2.points.map(({ yInterval: _, ...p }) => ({ ...p, y: p.y / 4 })) };
    const spec = effectiveRobustnessSpec([low], { title: 'ER' });
    checkSpec(spec);
    const diagonal = (spec.concat as { layer: (Layer & { encoding: { x: { scale?: unknown } } })[] }[])[0]!.layer[0]!;
    expect(diagonal.data!.values).toEqual([]);
    expect(diagonal.encoding.x.scale).toBeDefined();
  });

  it('lineInPanel cuts a line to the box, or says it misses', () => {
    expect(lineInPanel(1, 0, [0, 2], [0, 1])).toEqual([{ x: 0, y: 0 }, { x: 1, y: 1 }]);
    expect(lineInPanel(-1, 1, [0, 2], [0, 1])).toEqual([{ x: 0, y: 1 }, { x: 1, y: 0 }]);
    expect(lineInPanel(0, 0.5, [0, 2], [0, 1])).toEqual([{ x: 0, y: 0.5 }, { x: 2, y: 0.5 }]);
    expect(lineInPanel(0, 3, [0, 2], [0, 1])).toBeNull();
    expect(lineInPanel(1, 5, [0, 2], [0, 1])).toBeNull();
  });
});
