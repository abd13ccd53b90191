import type { Cell, ColumnFormat, TableColumn } from './document.js';

/** What a missing or undefined value shows as, in every table. */
export const MISSING = '—';

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function percent(v: number, digits: number): string {
  return `${(v * 100).toFixed(digits)}%`;
}

const DEFAULT_DIGITS: Record<ColumnFormat, number> = {
  percent: 1,
  points: 1,
  'percent-interval': 1,
  'p-value': 3,
  integer: 0,
  number: 3,
  text: 0,
};

/** One cell as text; anything missing or non-finite becomes the missing mark. */
export function formatCell(value: Cell | undefined, column: Pick<TableColumn, 'format' | 'digits'>): string {
  const digits = column.digits ?? DEFAULT_DIGITS[column.format];
  if (value === null || value === undefined) return MISSING;
  if (typeof value === 'string') return value === '' ? MISSING : value;
  if (Array.isArray(value)) {
    const [v, lo, hi] = value as readonly [number, number, number];
    if (!finite(v)) return MISSING;
    if (!finite(lo) || !finite(hi)) return percent(v, digits);
    return `${percent(v, digits)} (${(lo * 100).toFixed(digits)}–${(hi * 100).toFixed(digits)})`;
  }
  const v = value as number;
  if (!finite(v)) return MISSING;
  switch (column.format) {
    case 'percent':
    case 'percent-interval':
      return percent(v, digits);
    case 'points': {
      const text = (v * 100).toFixed(digits);
      return `${v > 0 && Number(text) !== 0 ? '+' : ''}${text.replace(/^-(0\.?0*)$/, '$1')} pp`;
    }
    case 'p-value':
      return v < 10 ** -digits ? `<${(10 ** -digits).toFixed(digits)}` : v.toFixed(digits);
    case 'integer':
      return Math.round(v).toLocaleString('en-US');
    case 'number':
      return v.toFixed(digits);
    case 'text':
      return String(v);
    default: {
      const never: never = column.format;
      throw new Error(`unknown column format ${String(never)}`);
    }
  }
}

/** Numbers are right-aligned in tables, text left. */
export function isNumericFormat(format: ColumnFormat): boolean {
  return format !== 'text';
}
