import type { PlotSpec } from '../document.js';
import { SERIES_COLORS, topLevel } from './theme.js';

/** One point of a recall@k curve: a run, a direction and k, with the recall there. */
export interface RecallPoint {
  readonly run: string;
  readonly direction: string;
  readonly k: number;
  readonly recall: number;
}

/** recall@k against k (log axis), one line per run, one panel per direction. */
export function recallCurveSpec(points: readonly RecallPoint[], options: { readonly title: string; readonly subtitle?: string }): PlotSpec {
  return topLevel({
    title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    data: { values: points.map((p) => ({ ...p })) },
    facet: { column: { field: 'direction', type: 'nominal', title: null } },
    spec: {
      width: 300,
      height: 220,
      mark: { type: 'line', point: true },
      encoding: {
        x: { field: 'k', type: 'quantitative', scale: { type: 'log' }, title: 'k' },
        y: { field: 'recall', type: 'quantitative', scale: { domain: [0, 1] }, axis: { format: '.0%' }, title: 'recall@k' },
        color: { field: 'run', type: 'nominal', title: 'run', scale: { range: [...SERIES_COLORS] } },
        tooltip: [
          { field: 'run', type: 'nominal' },
          { field: 'k', type: 'quantitative' },
          { field: 'recall', type: 'quantitative', format: '.2%' },
        ],
      },
    },
  });
}
