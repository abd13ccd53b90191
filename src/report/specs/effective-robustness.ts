import type { PlotSpec } from '../document.js';
import { logitDomain, logitPosition, panelXDomain } from '../../metrics/logit-domain.js';
import { LOGIT_TICK_LABEL, logitTicks } from './logit-axis.js';
import { COLORS, topLevel } from './theme.js';

/** How a model takes part in a panel. */
export type PointRole = 'baseline' | 'evaluated' | 'other';

export interface RobustnessPoint {
  readonly model: string;
  readonly role: PointRole;
  /** In-distribution and shifted accuracy, fractions in [0, 1]. */
  readonly x: number;
  readonly y: number;
  /** Per-point intervals (Clopper-Pearson), fractions; omitted where the sample count is unknown. */
  readonly xInterval?: { readonly lower: number; readonly upper: number };
  readonly yInterval?: { readonly lower: number; readonly upper: number };
}

export interface RobustnessPanel {
  readonly xTitle: string;
  readonly yTitle: string;
  readonly points: readonly RobustnessPoint[];
  /** The trend on logit axes and its bootstrap band over a grid of logit(x); null when no fit was possible. */
  readonly fit: {
    readonly slope: number;
    readonly intercept: number;
    readonly band: readonly { readonly x: number; readonly lower: number; readonly upper: number }[];
  } | null;
}

const ROLE_LABELS: Record<PointRole, string> = { baseline: 'Baseline models (trend fit)', evaluated: 'Evaluated models', other: 'Other models' };
const ROLE_COLORS: Record<PointRole, string> = { baseline: COLORS.baseline, evaluated: COLORS.evaluated, other: COLORS.neutral };

/** Plot coordinates need no more than five decimals; fewer digits keep specs and SVGs small. */
const round = (v: number) => Math.round(v * 1e5) / 1e5;

/**
 * The part of the line y = slope·x + intercept inside the panel [x0, x1] x [y0, y1], as its two ends
 * (rounded like every plotted coordinate, and clamped so rounding cannot leave the panel); null where the
 * line misses the panel or only touches a corner.
 */
export function lineInPanel(slope: number, intercept: number, xDomain: readonly [number, number], yDomain: readonly [number, number]): [{ x: number; y: number }, { x: number; y: number }] | null {
  let [lo, hi] = xDomain;
  if (slope === 0) {
    if (intercept < yDomain[0] || intercept > yDomain[1]) return null;
  } else {
    const [a, b] = [(yDomain[0] - intercept) / slope, (yDomain[1] - intercept) / slope];
    lo = Math.max(lo, Math.min(a, b));
    hi = Math.min(hi, Math.max(a, b));
  }
  if (!(hi > lo)) return null;
  const clamp = (v: number, [min, max]: readonly [number, number]) => Math.min(max, Math.max(min, v));
  const end = (v: number) => ({ x: clamp(round(v), xDomain), y: clamp(round(slope * v + intercept), yDomain) });
  return [end(lo), end(hi)];
}

/** Colours only for the roles present, so the legend lists nothing that is not drawn. */
function roleScale(roles: readonly PointRole[]): { domain: string[]; range: string[] } {
  return { domain: roles.map((r) => ROLE_LABELS[r]), range: roles.map((r) => ROLE_COLORS[r]) };
}

/**
 * Names of the highlighted points: on the right of points in the left half and on the left of points in
 * the right half, so they stay inside the panel; a white halo keeps them readable over other points.
 */
function labelLayers(filter: string, middle: number): Record<string, unknown>[] {
  const encoding = { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' }, text: { field: 'model' } };
  return [
    { side: `datum.x <= ${middle}`, align: 'left', dx: 7 },
    { side: `datum.x > ${middle}`, align: 'right', dx: -7 },
  ].flatMap(({ side, align, dx }) =>
    [{ stroke: 'white', strokeWidth: 3, strokeOpacity: 0.9 }, {}].map((halo) => ({
      transform: [{ filter: `${filter} && ${side}` }],
      mark: { type: 'text', align, dx, dy: -7, fontSize: 10.5, fontWeight: 'bold', color: COLORS.evaluated, ...halo },
      encoding,
    })),
  );
}

function panel(p: RobustnessPanel, size: number, roles: readonly PointRole[]): Record<string, unknown> {
  const ys = p.points.flatMap((q) => [q.y, ...(q.yInterval ? [q.yInterval.lower, q.yInterval.upper] : [])]);
  const xDomain = panelXDomain(p.points);
  const yDomain = logitDomain(ys);
  const x = { scale: { domain: xDomain, nice: false, zero: false }, axis: { title: p.xTitle, values: logitTicks(...xDomain), labelExpr: LOGIT_TICK_LABEL } };
  const y = { scale: { domain: yDomain, nice: false, zero: false }, axis: { title: p.yTitle, values: logitTicks(...yDomain), labelExpr: LOGIT_TICK_LABEL } };
  const at = (accuracy: number) => round(logitPosition(accuracy));
  const points = p.points.map((q) => ({
    model: q.model,
    role: ROLE_LABELS[q.role],
    x: at(q.x),
    y: at(q.y),
    x_lo: at(q.xInterval?.lower ?? q.x),
    x_hi: at(q.xInterval?.upper ?? q.x),
    y_lo: at(q.yInterval?.lower ?? q.y),
    y_hi: at(q.yInterval?.upper ?? q.y),
    x_pct: round(q.x * 100),
    y_pct: round(q.y * 100),
  }));
  // Baselines first so evaluated models are drawn on top.
  const order: Record<string, number> = { [ROLE_LABELS.other]: 0, [ROLE_LABELS.baseline]: 1, [ROLE_LABELS.evaluated]: 2 };
  points.sort((a, b) => order[a.role]! - order[b.role]!);
  // Lines and the band are cut to the panel here rather than left to the SVG's clip path alone: y = x used
  // to run from the lower to the upper end of both domains, far out of the V2-like panel (to 263 px above
  // it), drawn there by any viewer or tool that does not apply the clip path.
  const diagonal = lineInPanel(1, 0, xDomain, yDomain);
  const layers: Record<string, unknown>[] = [
    {
      // The scales are declared here; a panel the diagonal misses still needs them, with nothing drawn.
      data: { values: diagonal ?? [] },
      mark: { type: 'line', color: '#555', strokeDash: [5, 4], strokeWidth: 1.2, clip: true },
      encoding: { x: { field: 'x', type: 'quantitative', ...x }, y: { field: 'y', type: 'quantitative', ...y } },
    },
  ];
  if (p.fit) {
    const trend = lineInPanel(p.fit.slope, p.fit.intercept, xDomain, yDomain);
    const inside = (v: number) => round(Math.min(yDomain[1], Math.max(yDomain[0], v)));
    layers.push({
      data: { values: p.fit.band.map((b) => ({ x: round(b.x), lower: inside(b.lower), upper: inside(b.upper) })) },
      mark: { type: 'area', color: COLORS.fit, fillOpacity: 0.22, clip: true },
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'lower', type: 'quantitative' }, y2: { field: 'upper' } },
    });
    if (trend) {
      layers.push({
        data: { values: trend },
        mark: { type: 'line', color: COLORS.fit, strokeWidth: 2, clip: true },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      });
    }
  }
  const color = { field: 'role', type: 'nominal', title: null, scale: roleScale(roles) };
  layers.push({
    data: { values: points },
    layer: [
      { mark: { type: 'rule', strokeWidth: 0.8, strokeOpacity: 0.45, clip: true }, encoding: { x: { field: 'x_lo', type: 'quantitative' }, x2: { field: 'x_hi' }, y: { field: 'y', type: 'quantitative' }, color } },
      { mark: { type: 'rule', strokeWidth: 0.8, strokeOpacity: 0.45, clip: true }, encoding: { y: { field: 'y_lo', type: 'quantitative' }, y2: { field: 'y_hi' }, x: { field: 'x', type: 'quantitative' }, color } },
      {
        mark: { type: 'circle', fillOpacity: 0.85, stroke: 'white', strokeWidth: 0.6, clip: true },
        encoding: {
          x: { field: 'x', type: 'quantitative' },
          y: { field: 'y', type: 'quantitative' },
          color,
          size: { condition: { test: `datum.role === '${ROLE_LABELS.evaluated}'`, value: 110 }, value: 42 },
          tooltip: [{ field: 'model' }, { field: 'x_pct', format: '.1f', title: 'x (%)' }, { field: 'y_pct', format: '.1f', title: 'y (%)' }],
        },
      },
      ...labelLayers(`datum.role === '${ROLE_LABELS.evaluated}'`, (xDomain[0] + xDomain[1]) / 2),
    ],
  });
  // The y-axis title names the shift; panel titles would stagger rows by their axis labels' extent.
  return { width: size, height: size, layer: layers };
}

/**
 * Shifted against in-distribution accuracy on logit axes, one panel per shift: ticks labelled in
 * accuracy, the y = x line dashed, the baselines' logit-linear trend with its bootstrap band, each model a
 * point with its intervals, evaluated models highlighted and named.
 */
export function effectiveRobustnessSpec(panels: readonly RobustnessPanel[], options: { title: string; subtitle?: string; columns?: number; size?: number }): PlotSpec {
  const size = options.size ?? 250;
  const present = new Set(panels.flatMap((p) => p.points.map((q) => q.role)));
  const roles = (['baseline', 'evaluated', 'other'] as const).filter((r) => present.has(r));
  return topLevel({
    title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    columns: Math.min(options.columns ?? 3, Math.max(1, panels.length)),
    concat: panels.map((p) => panel(p, size, roles)),
    resolve: { scale: { x: 'independent', y: 'independent', color: 'shared' } },
    // Lay panels out by their plot areas so that titles and tick labels of different widths do not stagger rows.
    bounds: 'flush',
    spacing: { row: 70, column: 80 },
  });
}
