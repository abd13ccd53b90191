import type { PlotSpec } from '../document.js';
import { topLevel } from './theme.js';

/** One cell: the share of a row's items that fall in a column (e.g. a group's images predicted as a label). */
export interface ShareCell {
  readonly row: string;
  readonly column: string;
  readonly share: number;
  readonly count: number;
}

/** A heatmap of shares with each cell's percentage printed; rows and columns in the given order. */
export function shareHeatmapSpec(
  cells: readonly ShareCell[],
  options: { title: string; subtitle?: string; rowTitle: string; columnTitle: string; rows: readonly string[]; columns: readonly string[] },
): PlotSpec {
  const values = cells.map((c) => ({ ...c, text: c.count === 0 ? '0' : `${(c.share * 100).toFixed(c.share < 0.1 ? 1 : 0)}` }));
  const y = { field: 'row', type: 'nominal', sort: options.rows, title: options.rowTitle, axis: { labelLimit: 200 } };
  const x = { field: 'column', type: 'nominal', sort: options.columns, title: options.columnTitle, axis: { labelAngle: -40, labelLimit: 160, orient: 'top' } };
  return topLevel({
    title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    data: { values },
    width: { step: 44 },
    height: { step: 26 },
    layer: [
      {
        mark: { type: 'rect', stroke: 'white', strokeWidth: 1 },
        encoding: { x, y, color: { field: 'share', type: 'quantitative', title: 'share of the group', scale: { domain: [0, 1], range: ['#ffffff', '#08519c'], interpolate: 'rgb' }, legend: { format: '.0%', orient: 'right', direction: 'vertical' } } },
      },
      {
        mark: { type: 'text', fontSize: 10 },
        encoding: { x, y, text: { field: 'text' }, color: { condition: { test: 'datum.share > 0.6', value: 'white' }, value: '#222' } },
      },
    ],
  });
}
