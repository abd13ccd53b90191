import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { formatCsv } from '../../core/csv.js';
import { writeFileAtomic, writeJsonAtomic } from '../../core/fs.js';
import { recordResult } from '../../results/store.js';
import { verdictOf, type TemplateComparison } from './compare.js';
import type { TemplateCompareRun } from './run.js';

export const TEMPLATE_COMPARE_FILES = { table: 'template_comparison.csv', json: 'template_comparison.json' } as const;

/** One row per template or ensemble: accuracy, interval and the paired test against the baseline. */
export function templateComparisonCsv(c: TemplateComparison): string {
  return formatCsv(
    ['kind', 'name', 'templates', 'n', 'correct', 'accuracy', 'accuracy_lower', 'accuracy_upper', 'only_baseline', 'only_this', 'p_exact', 'p_mid', 'verdict'],
    c.scores.map((s) => ({
      kind: s.kind,
      name: s.name,
      templates: s.templates.join(' | '),
      n: s.n,
      correct: s.correct,
      accuracy: s.accuracy,
      accuracy_lower: s.interval.lower,
      accuracy_upper: s.interval.upper,
      only_baseline: s.vsBaseline?.onlyFirst,
      only_this: s.vsBaseline?.onlySecond,
      p_exact: s.vsBaseline?.pExact,
      p_mid: s.vsBaseline?.pMid,
      verdict: verdictOf(s),
    })),
  );
}

/** template_comparison.csv and .json, and the run's results-store row. */
export async function writeTemplateCompare(out: string, run: TemplateCompareRun): Promise<void> {
  await mkdir(out, { recursive: true });
  await writeFileAtomic(join(out, TEMPLATE_COMPARE_FILES.table), templateComparisonCsv(run.comparison));
  await writeJsonAtomic(join(out, TEMPLATE_COMPARE_FILES.json), run.comparison);
  await recordResult(out, run.row);
}
