import type { PlotSpec } from '../document.js';

/** The schema every spec declares (vega-lite 6, the installed major version). */
export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Colours with meaning, shared by all plots (Tableau 10, which stays apart for common colour blindness). */
export const COLORS = {
  baseline: '#4c78a8',
  evaluated: '#e45756',
  fit: '#f58518',
  neutral: '#9d9d9d',
  better: '#54a24b',
  worse: '#e45756',
  same: '#9d9d9d',
  ensemble: '#b279a2',
} as const;

/** A categorical range for series without meaning of their own. */
export const SERIES_COLORS = ['#4c78a8', '#f58518', '#54a24b', '#b279a2', '#e45756', '#72b7b2', '#eeca3b', '#ff9da6', '#9d755d', '#bab0ac'] as const;

const CONFIG = {
  font: 'DejaVu Sans',
  background: 'white',
  padding: 12,
  view: { stroke: '#d0d0d0' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', gridColor: '#ececec', domainColor: '#888', tickColor: '#888' },
  header: { labelFontSize: 12, titleFontSize: 13 },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', orient: 'bottom', direction: 'horizontal', labelLimit: 360, symbolOpacity: 1 },
  title: { fontSize: 15, fontWeight: 'bold', anchor: 'start', offset: 10, subtitleFontSize: 12, subtitleColor: '#555' },
  concat: { spacing: 28 },
} as const;

/** Adds the schema and the shared look to a spec's body. */
export function topLevel(body: Readonly<Record<string, unknown>>): PlotSpec {
  return { $schema: VEGA_LITE_SCHEMA, config: CONFIG, ...body };
}
