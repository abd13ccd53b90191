import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../src/report/render.js';
import { effectiveRobustnessSpec, type RobustnessPanel } from '../../src/report/specs/effective-robustness.js';
import { intervalBarsSpec } from '../../src/report/specs/interval-bars.js';
import { logitTicks } from '../../src/report/specs/logit-axis.js';
import { shareHeatmapSpec } from '../../src/report/specs/share-heatmap.js';
import { templateComparisonSpec } from '../../src/report/specs/template-comparison.js';
import { logit } from '../../src/metrics/logit-fit.js';
import { checkSpec } from '../helpers/plots.js';

const panel: RobustnessPanel = {
  xTitle: 'ImageNet (top-1, %)',
  yTitle: 'ImageNetV2 (top-1, %)',
  points: [
    { model: 'a', role: 'baseline', x: 0.6, y: 0.48, xInterval: { lower: 0.59, upper: 0.61 }, yInterval: { lower: 0.46, upper: 0.5 } },
    { model: 'b', role: 'baseline', x: 0.7, y: 0.58 },
    { model: 'c', role: 'baseline', x: 0.8, y: 0.69 },
    { model: 'clip', role: 'evaluated', x: 0.63, y: 0.56 },
    { model: 'zero', role: 'evaluated', x: 0.75, y: 0 },
  ],
  fit: { slope: 1, intercept: -0.45, band: [{ x: -0.5, lower: -1, upper: -0.9 }, { x: 2, lower: 1.5, upper: 1.6 }] },
};

describe('plot specs', () => {
  it('effective robustness: valid vega-lite, logit ticks labelled as accuracies, y = x, trend and band', async () => {
    const spec = effectiveRobustnessSpec([panel, { ...panel, fit: null }], { title: 'ER' });
    checkSpec(spec);
    const layers = ((spec.concat as { layer: { mark?: { type: string; strokeDash?: number[] } }[] }[])[0]!).layer;
    expect(layers.some((l) => l.mark?.type === 'line' && l.mark.strokeDash)).toBe(true);
    expect(layers.some((l) => l.mark?.type === 'area')).toBe(true);
    const svg = await renderSvg(spec);
    expect(svg).not.toMatch(/NaN|Infinity/);
    // Tick labels are accuracies in percent, not logits.
    expect(svg).toMatch(/>70<\/text>/);
    expect(svg).toContain('>clip<');
  });

  it('logit ticks are round accuracies inside the range, not crowded', () => {
    const ticks = logitTicks(logit(0.55), logit(0.9)).map((z) => Math.round(100 / (1 + Math.exp(-z))));
    expect(ticks[0]).toBeGreaterThanOrEqual(55);
    expect(ticks.at(-1)).toBeLessThanOrEqual(90);
    expect(ticks.length).toBeGreaterThanOrEqual(4);
    expect(ticks.length).toBeLessThanOrEqual(10);
  });

  it('interval bars, heatmaps and template comparisons are valid and mark missing groups', async () => {
    const bars = intervalBarsSpec(
      [
        { category: 'A', series: 's1', value: 0.8, lower: 0.75, upper: 0.85, n: 100 },
        { category: 'B', series: 's1', value: null },
        { category: 'A', series: 's2', value: 0.6, lower: 0.5, upper: 0.7 },
        { category: 'B', series: 's2', value: 0.4, lower: 0.3, upper: 0.5 },
      ],
      { title: 'Accuracy', valueTitle: 'accuracy', categoryTitle: 'group', reference: { value: 0.7, label: 'all' } },
    );
    checkSpec(bars);
    const svg = await renderSvg(bars);
    expect(svg).toContain('no samples');
    expect(svg).not.toMatch(/NaN/);
    checkSpec(shareHeatmapSpec([{ row: 'A', column: 'x', share: 0.5, count: 5 }, { row: 'A', column: 'y', share: 0, count: 0 }], { title: 'H', rowTitle: 'g', columnTitle: 'p', rows: ['A'], columns: ['x', 'y'] }));
    checkSpec(
      templateComparisonSpec(
        [
          { name: 'a photo of a {}.', kind: 'single', accuracy: 0.6, lower: 0.55, upper: 0.65, verdict: 'baseline' },
          { name: 'ensemble', kind: 'ensemble', accuracy: 0.7, lower: 0.65, upper: 0.75, verdict: 'better' },
        ],
        { title: 'T', baselineAccuracy: 0.6 },
      ),
    );
  });
});
