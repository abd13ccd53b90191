import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../../src/report/render.js';
import { templateComparisonSpec, type TemplateVariantPoint } from '../../../src/report/specs/template-comparison.js';
import { axisLabels, checkSpec, legendBoxes, overlaps, textMarkBoxes } from '../../helpers/plots.js';

// Like the demo's emoji templates: most variants near 99%, whose printed values sat under a right-hand legend.
const points: TemplateVariantPoint[] = [
  ...['an emoji of a {}.', 'an icon of a {}.', 'a drawing of a {}.', 'a cartoon {}.'].map((name) => ({ name, kind: 'single' as const, accuracy: 0.988, lower: 0.977, upper: 0.994, verdict: 'better' as const })),
  { name: '▸ greedy (1 chosen on validation)', kind: 'ensemble', accuracy: 0.988, lower: 0.977, upper: 0.994, verdict: 'better' },
  { name: '▸ all 14 templates', kind: 'ensemble', accuracy: 0.984, lower: 0.972, upper: 0.992, verdict: 'better' },
  { name: 'a photo of a {}.', kind: 'single', accuracy: 0.819, lower: 0.789, upper: 0.846, verdict: 'baseline' },
  { name: 'the {}.', kind: 'single', accuracy: 0.521, lower: 0.485, upper: 0.557, verdict: 'worse' },
  { name: 'a rendering of the {}.', kind: 'single', accuracy: 0.129, lower: 0.106, upper: 0.155, verdict: 'worse' },
];

describe('template comparison plot', () => {
  it('is valid vega-lite with its legends below the plot', () => {
    const spec = templateComparisonSpec(points, { title: 'T', baselineAccuracy: 0.819 });
    checkSpec(spec);
    const legends = JSON.stringify(spec.layer).match(/"legend":\{[^}]*\}/g) ?? [];
    expect(legends.length).toBeGreaterThan(0);
    for (const l of legends) expect(l).toContain('"orient":"bottom"');
  });

  it('rendered, no printed accuracy runs over the plot edge or lies under a legend', async () => {
    const svg = await renderSvg(templateComparisonSpec(points, { title: 'T', baselineAccuracy: 0.819 }));
    const values = textMarkBoxes(svg).filter((t) => t.text.endsWith('%'));
    expect(values).toHaveLength(points.length);
    const legends = legendBoxes(svg);
    expect(legends).toHaveLength(2);
    for (const v of values) {
      expect(v.x, v.text).toBeGreaterThanOrEqual(0);
      expect(v.x + v.width, v.text).toBeLessThanOrEqual(420);
      for (const l of legends) expect(overlaps(v, l), `${v.text} at ${v.x},${v.y} under legend at ${l.x},${l.y}`).toBe(false);
    }
  });

  it('a close race of templates gets an axis with distinct tick labels', async () => {
    const close = points.slice(0, 6).map((p, i) => ({ ...p, accuracy: 0.975 + i * 0.002, lower: 0.972 + i * 0.002, upper: 0.978 + i * 0.002 }));
    const labels = axisLabels(await renderSvg(templateComparisonSpec(close, { title: 'T', baselineAccuracy: 0.975 }))).find((l) => l.every((t) => t.endsWith('%')));
    expect(labels!.length).toBeGreaterThanOrEqual(3);
    expect(new Set(labels).size, labels!.join(' ')).toBe(labels!.length);
  });
});
