import { usageError } from '../../core/errors.js';
import { normalizeRows } from '../../core/linalg.js';
import { matrix } from '../../core/tensor.js';
import { HARNESS_VERSION } from '../../core/version.js';
import { collectFeatures } from '../../features/collect.js';
import { hashJson } from '../../features/file-hash.js';
import type { Runtime } from '../../features/runtime.js';
import { embedTexts } from '../../features/text-features.js';
import { renderTemplate } from '../../prompts/render.js';
import { resolveClassnames, resolveTemplates } from '../../prompts/resolve.js';
import { RESULT_SCHEMA, type ResultRow } from '../../results/result-row.js';
import { openDataset } from '../open-dataset.js';
import { compareTemplates, type TemplateComparison } from './compare.js';

export interface TemplateCompareOptions {
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
}

/** The comparison, what it ran on, and its results-store row. */
export interface TemplateCompareRun {
  readonly comparison: TemplateComparison;
  /** e.g. `emoji-shift/id, 14 templates (emoji-candidates)`: how reports name the run. */
  readonly runName: string;
  readonly row: ResultRow;
}

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

/**
 * Template comparison: the split's image features (from the feature stream, so nothing is encoded twice),
 * every template x class name from the text side, then single templates, ensembles and a greedy ensemble
 * compared against a baseline template. No file I/O beyond the feature cache.
 */
export async function runTemplateCompare(runtime: Runtime, options: TemplateCompareOptions): Promise<TemplateCompareRun> {
  const { adapter, dataset } = await openDataset(options.dataset, options.data, options.split);
  const templateSet = await resolveTemplates(options.templates, dataset.templates ?? adapter.templates ?? 'single');
  const features = await collectFeatures(runtime, dataset, { batchSize: options.batchSize, limit: options.limit });
  const classnames = await resolveClassnames(options.classnames, features.classnames);
  const templates = templateSet.templates;
  const prompts = templates.flatMap((t) => classnames.map((c) => renderTemplate(t, c)));
  const embedded = await embedTexts(runtime, prompts);
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
  const scores = comparison.scores;
  const base = scores.find((s) => s.vsBaseline === null)!;
  const greedy = comparison.greedy ? scores.at(-1)! : null;
  const row: ResultRow = {
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
  };
  return { comparison, runName: `${dataset.name}/${dataset.split}, ${templates.length} templates (${templateSet.name})`, row };
}
