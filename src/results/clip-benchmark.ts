import { CLASSIFICATION_METRICS, type ClassificationMetricName } from '../metrics/registry.js';
import type { ClassificationMetrics, ResultRow } from './result-row.js';

/** CLIP_benchmark's result file (`clip_benchmark eval --output`), so published tables can be diffed directly. */
export interface ClipBenchmarkResult {
  readonly dataset: string;
  readonly model: string;
  readonly pretrained: string;
  readonly task: 'zeroshot_classification' | 'linear_probe' | 'zeroshot_retrieval';
  readonly metrics: Readonly<Record<string, number>>;
  /** The captions' language for retrieval (CLIP_benchmark's --language); `en` otherwise. */
  readonly language: string;
  /** Not in CLIP_benchmark's files: the split, so that two splits of one dataset stay apart. */
  readonly split: string;
}

/** The row's registry metrics under CLIP_benchmark's keys (`prefix` before each), those it has and CLIP_benchmark names. */
function benchmarkMetrics(metrics: ClassificationMetrics, prefix: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of Object.keys(CLASSIFICATION_METRICS) as ClassificationMetricName[]) {
    const key = CLASSIFICATION_METRICS[name].clipBenchmark;
    const value = metrics[name];
    if (key !== null && typeof value === 'number') out[prefix + key] = value;
  }
  return out;
}

/** The CLIP_benchmark form of a row, or null for tasks CLIP_benchmark has no counterpart of. */
export function toClipBenchmark(row: ResultRow): ClipBenchmarkResult | null {
  const base = { dataset: row.dataset, split: row.split, model: row.model, pretrained: row.pretrained ?? row.model, language: row.task === 'retrieval' ? (row.language ?? 'en') : 'en' } as const;
  switch (row.task) {
    case 'zeroshot':
      return {
        ...base,
        task: 'zeroshot_classification',
        metrics: benchmarkMetrics(row.metrics, ''),
      };
    case 'linear-probe':
      return {
        ...base,
        task: 'linear_probe',
        metrics: benchmarkMetrics(row.metrics, 'lp_'),
      };
    case 'retrieval':
      return { ...base, task: 'zeroshot_retrieval', metrics: Object.fromEntries(Object.entries(row.metrics).filter((e): e is [string, number] => typeof e[1] === 'number')) };
    case 'template-compare':
      return null;
    default: {
      const never: never = row;
      throw new Error(`unknown task ${JSON.stringify(never)}`);
    }
  }
}

const slug = (text: string): string => text.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '');

/** CLIP_benchmark's file naming `{dataset}_{pretrained}_{model}_{language}_{task}.json`, with the split after the dataset. */
export function clipBenchmarkFileName(result: ClipBenchmarkResult): string {
  const model = slug(result.model.split(/[\\/]/).filter(Boolean).pop() ?? result.model);
  const pretrained = slug(result.pretrained.split(/[\\/]/).filter(Boolean).pop() ?? result.pretrained);
  return `${slug(result.dataset)}-${slug(result.split)}_${pretrained}_${model}_${result.language}_${result.task}.json`;
}
