import type { Verdict } from '../../tasks/template-compare/compare.js';
import type { PlotSpec } from '../document.js';
import { percentAxis } from './percent-axis.js';
import { COLORS, topLevel } from './theme.js';

/** How a variant compares with the baseline template in the paired test. */

export interface TemplateVariantPoint {
  readonly name: string;
  readonly kind: 'single' | 'ensemble';
  readonly accuracy: number;
  readonly lower: number;
  readonly upper: number;
  readonly verdict: Verdict;
}

const VERDICT_LABELS: Record<Verdict, string> = {
  baseline: 'baseline template',
  better: 'better (McNemar p < 0.05)',
  worse: 'worse (McNemar p < 0.05)',
  same: 'no significant difference',
};
const VERDICT_COLORS: Record<Verdict, string> = { baseline: '#222222', better: COLORS.better, worse: COLORS.worse, same: COLORS.same };

/** Plot width, and the room (pixels) a printed accuracy such as "98.8%" takes beside its whisker. */
const WIDTH = 420;
const LABEL_ROOM = 44;

/**
 * Accuracy of every template and ensemble, best first, with 95% intervals; colour says whether it beats
 * the baseline template in the paired test, diamonds are ensembles, the dashed line is the baseline.
 */
export function templateComparisonSpec(points: readonly TemplateVariantPoint[], options: { title: string; subtitle?: string; baselineAccuracy: number }): PlotSpec {
  const order = [...points].sort((a, b) => b.accuracy - a.accuracy).map((p) => p.name);
  const verdicts = (['baseline', 'better', 'same', 'worse'] as const).filter((v) => points.some((p) => p.verdict === v));
  const lo = Math.min(...points.map((p) => p.lower), options.baselineAccuracy);
  const hi = Math.max(...points.map((p) => p.upper), options.baselineAccuracy);
  const pad = Math.max(0.01, (hi - lo) * 0.08);
  const domain: [number, number] = [Math.max(0, lo - pad), Math.min(1, hi + pad * 2.5)];
  // A value is printed right of its upper whisker where it fits inside the plot, else left of its lower one,
  // so that none runs over the plot's edge (or into anything beside it).
  const room = (LABEL_ROOM / WIDTH) * (domain[1] - domain[0]);
  const values = points.map((p) => ({
    ...p,
    verdict: VERDICT_LABELS[p.verdict],
    kind: p.kind === 'single' ? 'single template' : 'ensemble',
    pct: `${(p.accuracy * 100).toFixed(1)}%`,
    side: p.upper + room <= domain[1] ? 'right' : 'left',
  }));
  const ticks = percentAxis(...domain);
  const x = { type: 'quantitative', title: 'top-1 accuracy', scale: { domain, nice: false, zero: false }, axis: { values: ticks.values, format: ticks.format } };
  const y = { field: 'name', type: 'nominal', sort: order, title: null, axis: { labelLimit: 340 } };
  // Below the plot, where they cover neither points nor printed values; entries stacked, so the two
  // legends sit side by side within about the plot's width.
  const legend = { orient: 'bottom', direction: 'vertical' };
  const color = { field: 'verdict', type: 'nominal', title: null, legend, scale: { domain: verdicts.map((v) => VERDICT_LABELS[v]), range: verdicts.map((v) => VERDICT_COLORS[v]) } };
  const label = (side: 'right' | 'left') => ({
    transform: [{ filter: `datum.side === '${side}'` }],
    mark: { type: 'text', align: side === 'right' ? 'left' : 'right', dx: side === 'right' ? 6 : -6, fontSize: 10, color: '#333' },
    encoding: { y, x: { field: side === 'right' ? 'upper' : 'lower', ...x }, text: { field: 'pct' } },
  });
  return topLevel({
    title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    width: WIDTH,
    height: { step: 17 },
    data: { values },
    layer: [
      { data: { values: [{ b: options.baselineAccuracy }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#555' }, encoding: { x: { field: 'b', ...x } } },
      { mark: { type: 'rule', strokeWidth: 1.4 }, encoding: { y, x: { field: 'lower', ...x }, x2: { field: 'upper' }, color } },
      {
        mark: { type: 'point', filled: true, size: 70, strokeWidth: 0 },
        encoding: {
          y,
          x: { field: 'accuracy', ...x },
          color,
          shape: { field: 'kind', type: 'nominal', title: null, legend, scale: { domain: ['single template', 'ensemble'], range: ['circle', 'diamond'] } },
        },
      },
      label('right'),
      label('left'),
    ],
  });
}
