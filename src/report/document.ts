/**
 * A report as data: a title and a list of sections that the writers turn into Markdown (figures as PNG)
 * and one self-contained HTML file (figures as inline SVG). Tasks and the demo build these; nothing here
 * knows where the numbers came from.
 */

/** A vega-lite (or vega) specification as plain JSON; checked against the vega-lite schema in tests. */
export type PlotSpec = Readonly<Record<string, unknown>>;

/** How a column's values are shown. Accuracies are stored as fractions and shown as percentages. */
export type ColumnFormat =
  /** A fraction shown as a percentage: 0.633 -> 63.3%. */
  | 'percent'
  /** A difference of fractions shown in percentage points with a sign: 0.021 -> +2.1 pp. */
  | 'points'
  /** A fraction with its interval, cell [value, lower, upper]: 63.3% (61.0–65.5). */
  | 'percent-interval'
  | 'p-value'
  | 'integer'
  | 'number'
  | 'text';

/** A missing value is null: shown as a marked cell (—), never as NaN. */
export type Cell = string | number | null | readonly [number, number, number];

export interface TableColumn {
  readonly key: string;
  readonly title: string;
  readonly format: ColumnFormat;
  /** Digits after the decimal point (defaults per format). */
  readonly digits?: number;
}

export interface ReportTable {
  readonly columns: readonly TableColumn[];
  readonly rows: readonly Readonly<Record<string, Cell>>[];
}

export type ReportSection =
  /** Prose in Markdown (headings included: start a line with ##). */
  | { readonly kind: 'markdown'; readonly markdown: string }
  | { readonly kind: 'table'; readonly title?: string; readonly caption?: string; readonly table: ReportTable }
  /** `id` names the figure's files (figures/<id>.svg, .png, .vl.json): letters, digits, - and _. */
  | { readonly kind: 'figure'; readonly id: string; readonly title: string; readonly caption?: string; readonly spec: PlotSpec };

export interface ReportDocument {
  readonly title: string;
  readonly sections: readonly ReportSection[];
}
