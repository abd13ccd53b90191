import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../../src/report/render.js';
import { intervalBarsSpec } from '../../../src/report/specs/interval-bars.js';
import { axisLabels, checkSpec } from '../../helpers/plots.js';

describe('interval bars', () => {
  it('a harmful-category plot of rates under 1% labels its percent axis without repeats', async () => {
    const groups = ['light', 'medium-light', 'medium', 'medium-dark', 'dark'];
    const bars = groups.flatMap((g, i) => [
      { category: g, series: 'animal', value: i === 2 ? 0.004 : 0, lower: 0, upper: i === 2 ? 0.012 : 0.006 },
      { category: g, series: 'crime', value: 0, lower: 0, upper: 0.006 },
    ]);
    const spec = intervalBarsSpec(bars, { title: 'Harmful', valueTitle: 'share', categoryTitle: 'tone', seriesTitle: 'category' });
    checkSpec(spec);
    const percent = axisLabels(await renderSvg(spec)).find((labels) => labels.every((l) => l.endsWith('%')));
    expect(percent).toBeDefined();
    expect(percent!.length).toBeGreaterThanOrEqual(3);
    expect(new Set(percent).size, percent!.join(' ')).toBe(percent!.length);
  });

  it('a full-range accuracy plot keeps whole-percent ticks', async () => {
    const spec = intervalBarsSpec(
      [
        { category: 'a', value: 0.9, lower: 0.85, upper: 0.95 },
        { category: 'b', value: 0.6, lower: 0.5, upper: 0.7 },
      ],
      { title: 'Accuracy', valueTitle: 'accuracy', categoryTitle: 'group' },
    );
    const percent = axisLabels(await renderSvg(spec)).find((labels) => labels.every((l) => l.endsWith('%')));
    expect(percent).toEqual(['0%', '20%', '40%', '60%', '80%', '100%']);
  });
});
