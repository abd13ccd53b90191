import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { usageError } from '../../core/errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../../core/fs.js';
import { normalizeRows } from '../../core/linalg.js';
import { matrix } from '../../core/tensor.js';
import { HARNESS_VERSION } from '../../core/version.js';
import { hashJson } from '../../features/file-hash.js';
import { renderTemplate } from '../../prompts/render.js';
import { resolveClassnames, resolveTemplates } from '../../prompts/resolve.js';
import type { ReportSection } from '../../report/document.js';
import { writeReport } from '../../report/write-report.js';
import { embedTextsWithModel } from '../embed-texts.js';
import { collectFeatures } from '../extract-features.js';
import { openDataset } from '../open-dataset.js';
import { formatCsv } from '../../core/csv.js';
import { RESULT_SCHEMA } from '../results/result-row.js';
import { recordResult } from '../results/store.js';
import { openRuntime, type RuntimeOptions } from '../runtime.js';
import { compareTemplates, type TemplateComparison } from './compare.js';
import { templateComparisonSections, verdictOf } from './sections.js';

export interface TemplateCompareRunOptions {
  readonly runtime: RuntimeOptions;
  readonly dataset: string;
  readonly data: string;
  readonly split?: string;
  readonly limit?: number;
  readonly batchSize?: number;
  /** Templates to compare: 'default', a set name, or a file. */
  readonly templates: string;
  readonly classnames?: string;
  /** Named ensembles: `NAME=SET|FILE` (templates of a set or file) or `NAME=1,4,7` (positions in the compared list, from 1). */
  readonly subsets?: readonly string[];
  readonly baselineTemplate?: string;
  readonly validationFraction?: number;
  readonly seed?: number;
  readonly out: string;
}

export const TEMPLATE_COMPARE_FILE = 'template_comparison.csv';

async function parseSubsets(specs: readonly string[], templates: readonly string[]): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw usageError(`--subset '${spec}': write NAME=SET, NAME=FILE or NAME=1,4,7`);
    const name = spec.slice(0, eq);
    const value = spec.slice(eq + 1);
    if (/^\d+(,\d+)*$/.test(value)) {
      out[name] = value.split(',').map((i) => {
        const t = templates[Number(i) - 1];
        if (t === undefined) throw usageError(`--subset ${name}: position ${i} is outside the ${templates.length} templates`);
        return t;
      });
    } else out[name] = [...(await resolveTemplates(value, value)).templates];
  }
  return out;
}

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

/**
 * `clip-eval templates compare`: embeds the split once (or reads it from the feature cache), encodes every
 * template x class name, compares templates and ensembles, and writes the table, the report and a result row.
 */
export async function runTemplateCompare(options: TemplateCompareRunOptions): Promise<{ comparison: TemplateComparison; sections: ReportSection[] }> {
  const runtime = await openRuntime(options.runtime);
  try {
    const { adapter, dataset } = await openDataset(options.dataset, options.data, options.split);
    const templateSet = await resolveTemplates(options.templates, dataset.templates ?? adapter.templates ?? 'single');
    const features = await collectFeatures(runtime, dataset, { batchSize: options.batchSize, limit: options.limit });
    const classnames = await resolveClassnames(options.classnames, features.classnames);
    const templates = templateSet.templates;
    const prompts = templates.flatMap((t) => classnames.map((c) => renderTemplate(t, c)));
    const embedded = await embedTextsWithModel(runtime.model, prompts, runtime.cacheDir);
    const per = classnames.length * embedded.cols;
    const templateClassEmbeddings = templates.map((_, t) => matrix(embedded.data.slice(t * per, (t + 1) * per), classnames.length, embedded.cols));
    const comparison = compareTemplates({
      imageFeatures: normalizeRows(features.features),
      labels: features.labels,
      templateClassEmbeddings,
      templates,
      subsets: await parseSubsets(options.subsets ?? [], templates),
      ...(options.validationFraction !== undefined ? { validationFraction: options.validationFraction } : {}),
      ...(options.seed !== undefined ? { seed: options.seed } : {}),
      ...(options.baselineTemplate !== undefined ? { baseline: options.baselineTemplate } : {}),
    });
    const runName = `${dataset.name}/${dataset.split}, ${templates.length} templates (${templateSet.name})`;
    const sections = templateComparisonSections(comparison, { runName });
    await mkdir(options.out, { recursive: true });
    await writeFileAtomic(join(options.out, TEMPLATE_COMPARE_FILE), templateComparisonCsv(comparison));
    await writeJsonAtomic(join(options.out, 'template_comparison.json'), comparison);
    await writeReport(options.out, { title: 'Template comparison', sections });
    const scores = comparison.scores;
    const base = scores.find((s) => s.vsBaseline === null)!;
    const greedy = comparison.greedy ? scores.at(-1)! : null;
    await recordResult(options.out, {
      schema: RESULT_SCHEMA,
      task: 'template-compare',
      model: runtime.model.bundle.dir,
      dataset: dataset.name,
      split: dataset.split,
      templates: templateSet.name,
      n: comparison.nEvaluation,
      config_hash: hashJson({ templates, classnames, subsets: options.subsets ?? [], validationFraction: options.validationFraction, seed: options.seed, limit: options.limit }),
      harness_version: HARNESS_VERSION,
      time: new Date().toISOString(),
      metrics: {
        top1: base.accuracy,
        best_single_top1: Math.max(...scores.filter((s) => s.kind === 'single').map((s) => s.accuracy)),
        ensemble_all_top1: scores.find((s) => s.kind === 'ensemble' && s.templates.length === templates.length)?.accuracy ?? base.accuracy,
        greedy_top1: greedy?.accuracy ?? null,
      },
    });
    return { comparison, sections };
  } finally {
    await runtime.close();
  }
}
