import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CsvCell } from '../../core/csv.js';
import { formatCsv } from '../../core/csv.js';
import { writeFileAtomic } from '../../core/fs.js';
import type { ShiftResult } from './analyze.js';

/** File names the robustness analysis writes into its output folder. */
export const ROBUSTNESS_FILES = { points: 'effective_robustness.csv', fits: 'robustness_fits.csv' } as const;

/** One row per model and shift (evaluated models and baselines, marked by role); accuracies as fractions. */
export function effectiveRobustnessCsv(results: readonly ShiftResult[]): string {
  const rows: Record<string, CsvCell>[] = results.flatMap((r) =>
    r.points.map((p) => ({
      model: p.model,
      role: p.role,
      shift: r.shift.name,
      x_column: r.shift.x,
      y_column: r.shift.y,
      x_acc: p.x.value,
      y_acc: p.y.value,
      x_n: p.x.n,
      y_n: p.y.n,
      predicted_y: p.predicted,
      effective_robustness: p.effectiveRobustness,
      note: p.predicted === null ? r.note : null,
    })),
  );
  return formatCsv(['model', 'role', 'shift', 'x_column', 'y_column', 'x_acc', 'y_acc', 'x_n', 'y_n', 'predicted_y', 'effective_robustness', 'note'], rows);
}

/** One row per shift: the trend on logit axes, its bootstrap intervals and how well it fits. */
export function robustnessFitsCsv(results: readonly ShiftResult[]): string {
  const rows: Record<string, CsvCell>[] = results.map((r) => ({
    shift: r.shift.name,
    label: r.shift.label,
    x_column: r.shift.x,
    y_column: r.shift.y,
    n_baselines: r.fit?.n ?? r.points.filter((p) => p.role === 'baseline').length,
    slope: r.fit?.slope,
    intercept: r.fit?.intercept,
    slope_lower: r.slopeInterval?.lower,
    slope_upper: r.slopeInterval?.upper,
    intercept_lower: r.interceptInterval?.lower,
    intercept_upper: r.interceptInterval?.upper,
    r: r.fit?.r,
    r_squared: r.fit?.rSquared,
    residual_std_logit: r.fit?.residualStd,
    note: r.note,
  }));
  return formatCsv(
    ['shift', 'label', 'x_column', 'y_column', 'n_baselines', 'slope', 'intercept', 'slope_lower', 'slope_upper', 'intercept_lower', 'intercept_upper', 'r', 'r_squared', 'residual_std_logit', 'note'],
    rows,
  );
}

/** The analysis's tables: effective_robustness.csv and robustness_fits.csv. */
export async function writeRobustness(out: string, results: readonly ShiftResult[]): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFileAtomic(join(out, ROBUSTNESS_FILES.points), effectiveRobustnessCsv(results));
  await writeFileAtomic(join(out, ROBUSTNESS_FILES.fits), robustnessFitsCsv(results));
}
