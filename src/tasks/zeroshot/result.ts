import { basename, resolve } from 'node:path';
import type { ClassificationMetrics } from '../../metrics/classification.js';
import type { EnsembleMode } from '../../prompts/ensemble.js';
import { RESULT_SCHEMA, type ResultRow } from '../../results/result-row.js';

/** metrics.json of a zero-shot run (fractions in [0, 1]). */
export interface ZeroShotMetrics extends ClassificationMetrics {
  readonly task: 'zeroshot';
  readonly model: string;
  readonly model_sha256: string;
  readonly dtype: string;
  readonly dataset: string;
  readonly split: string;
  readonly protocol: string | null;
  readonly templates: { readonly name: string; readonly count: number };
  readonly ensemble: EnsembleMode;
  /** The figure the CLIP paper reports for this dataset, and its name. */
  readonly paper_metric: { readonly name: string; readonly value: number };
  readonly n_failed: number;
  readonly n_skipped: number;
  readonly shard: string | null;
  readonly feature_cache: { readonly hits: number; readonly computed: number; readonly dir: string | null };
  readonly seconds: { readonly text: number; readonly images: number; readonly total: number };
  readonly config_hash: string;
  readonly harness_version: string;
  readonly time: string;
}

/** The results-store row of a zero-shot run. */
export function zeroShotResultRow(metrics: ZeroShotMetrics, label: string | undefined): ResultRow {
  return {
    schema: RESULT_SCHEMA,
    task: 'zeroshot',
    model: basename(resolve(metrics.model)),
    ...(label !== undefined ? { label } : {}),
    dataset: metrics.dataset,
    split: metrics.split,
    templates: metrics.templates.name,
    n: metrics.n,
    config_hash: metrics.config_hash,
    harness_version: metrics.harness_version,
    time: metrics.time,
    metrics: { top1: metrics.top1, top5: metrics.top5, mean_per_class_recall: metrics.mean_per_class_recall },
  };
}
