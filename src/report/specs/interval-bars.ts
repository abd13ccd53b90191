import type { PlotSpec } from '../document.js';
import { percentAxis } from './percent-axis.js';
import { COLORS, SERIES_COLORS, topLevel } from './theme.js';

/** One bar: a rate in [0, 1] for a category (and series), with its interval; null value = no samples. */
export interface IntervalBar {
  readonly category: string;
  readonly series?: string;
  readonly value: number | null;
  readonly lower?: number | null;
  readonly upper?: number | null;
  readonly n?: number;
}

export interface IntervalBarsOptions {
  readonly title: string;
  readonly subtitle?: string;
  /** Axis title of the rate, e.g. "accuracy". */
  readonly valueTitle: string;
  readonly categoryTitle: string;
  readonly seriesTitle?: string;
  /** A vertical reference line (e.g. overall accuracy) with its label. */
  readonly reference?: { readonly value: number; readonly label: string };
  readonly width?: number;
  /** Colour for bars without series (default: the baseline blue). */
  readonly color?: string;
}

/**
 * Horizontal bars of a rate per category with interval whiskers and the value printed beside each;
 * series (e.g. several runs or harmful categories) are grouped side by side within a category.
 * Categories without samples show a marked "no samples" instead of a bar.
 */
export function intervalBarsSpec(bars: readonly IntervalBar[], options: IntervalBarsOptions): PlotSpec {
  const categories = [...new Set(bars.map((b) => b.category))];
  const series = [...new Set(bars.map((b) => b.series).filter((s): s is string => s !== undefined))];
  const values = bars.map((b) => ({
    category: b.category,
    series: b.series ?? '',
    value: b.value,
    // A category without samples sits at 0, where its "no samples" mark is printed.
    lower: b.value === null ? 0 : (b.lower ?? b.value),
    upper: b.value === null ? 0 : (b.upper ?? b.value),
    label: b.value === null ? 'no samples' : `${(b.value * 100).toFixed(1)}%${b.n !== undefined ? `  (n=${b.n})` : ''}`,
    missing: b.value === null,
  }));
  const maxUpper = Math.max(0.01, ...values.map((v) => v.upper), options.reference?.value ?? 0);
  const y = { field: 'category', type: 'nominal', sort: categories, title: options.categoryTitle, axis: { labelLimit: 200 } };
  const yOffset = series.length > 0 ? { yOffset: { field: 'series', type: 'nominal', sort: series } } : {};
  const color =
    series.length > 0
      ? { color: { field: 'series', type: 'nominal', sort: series, title: options.seriesTitle ?? null, scale: { range: [...SERIES_COLORS] } } }
      : {};
  // Room to the right of the longest whisker for its printed value.
  const domain: [number, number] = [0, Math.min(1, maxUpper * 1.25 + 0.02)];
  // Ticks as precise as the range needs: rates of a few percent get half-percent steps printed '.1%'.
  const ticks = percentAxis(...domain);
  const x = { field: 'value', type: 'quantitative', title: options.valueTitle, scale: { domain, nice: false }, axis: { values: ticks.values, format: ticks.format } };
  const layers: Record<string, unknown>[] = [
    {
      transform: [{ filter: '!datum.missing' }],
      mark: { type: 'bar', height: { band: 0.8 }, ...(series.length === 0 ? { color: options.color ?? COLORS.baseline } : {}) },
      encoding: { y, x, ...yOffset, ...color },
    },
    {
      transform: [{ filter: '!datum.missing' }],
      mark: { type: 'rule', color: '#222', strokeWidth: 1.2 },
      encoding: { y, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' }, ...yOffset },
    },
    {
      mark: { type: 'text', align: 'left', dx: 5, fontSize: 10, color: '#333' },
      encoding: { y, x: { field: 'upper', type: 'quantitative' }, text: { field: 'label' }, ...yOffset },
    },
  ];
  if (options.reference) {
    layers.push({
      data: { values: [{ ref: options.reference.value, label: options.reference.label }] },
      layer: [
        { mark: { type: 'rule', color: '#555', strokeDash: [4, 3] }, encoding: { x: { field: 'ref', type: 'quantitative' } } },
        // Above the plot, where it cannot cover a bar's printed value.
        { mark: { type: 'text', align: 'center', baseline: 'bottom', y: -3, fontSize: 10, color: '#555' }, encoding: { x: { field: 'ref', type: 'quantitative' }, text: { field: 'label' } } },
      ],
    });
  }
  return topLevel({
    title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    width: options.width ?? 460,
    // With series, the step is that of one bar within its category group.
    height: series.length > 0 ? { step: 13, for: 'offset' } : { step: 20 },
    data: { values },
    layer: layers,
  });
}
