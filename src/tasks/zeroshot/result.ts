import { basename, resolve } from 'node:path';
import { CALIBRATION_METRICS, type CalibrationMetricName, type ClassificationMetricName } from '../../metrics/registry.js';
import type { ScoringKind } from '../../model/family.js';
import type { ScoringHead } from '../../model/scoring-head.js';
import type { EnsembleMode } from '../../prompts/ensemble.js';
import { RESULT_SCHEMA, type ResultRow } from '../../results/result-row.js';
import { ZEROSHOT_METRICS, type ZeroShotScores } from './score.js';

/** metrics.json of a zero-shot run (fractions in [0, 1]). */
export type ZeroShotMetrics = ZeroShotScores & {
  readonly task: 'zeroshot';
  readonly model: string;
  readonly model_sha256: string;
  readonly dtype: string;
  readonly dataset: string;
  readonly split: string;
  readonly protocol: string | null;
  /** The template set (count: templates), or a class-prompt file (count: every class's prompts together, per_class). */
  readonly templates: { readonly name: string; readonly count: number; readonly per_class?: true };
  /** Present only when the prompts are not English (`--language`). */
  readonly language?: string;
  readonly ensemble: EnsembleMode;
  /** The figure the CLIP paper reports for this dataset, and its name. */
  readonly paper_metric: { readonly name: ClassificationMetricName; readonly value: number };
  /** The model's scoring head: how its logits and probabilities are made (scale / bias null where the export gives none). */
  readonly scoring: ScoringRecord;
  /**
   * The family's probabilities behind predictions.csv's prob_pred / prob_label and the calibration figures
   * (expected_calibration_error, mean_confidence); null when the head cannot give them, and then
   * `probabilities_missing` says why in one line.
   */
  readonly probabilities: ScoringKind | null;
  readonly probabilities_missing?: string;
  readonly n_failed: number;
  readonly n_skipped: number;
  readonly shard: string | null;
  readonly feature_cache: { readonly hits: number; readonly computed: number; readonly dir: string | null };
  /**
   * Wall time from the run's start: `text` until the classifier is built (the first image batches decode, and
   * may be encoded, meanwhile), `images` from then to the end, `total` both.
   */
  readonly seconds: { readonly text: number; readonly images: number; readonly total: number };
  readonly config_hash: string;
  readonly harness_version: string;
  readonly time: string;
};

export interface ScoringRecord {
  readonly kind: ScoringKind;
  readonly logit_scale: number | null;
  readonly logit_bias: number | null;
  readonly source: string;
}

export function scoringRecord(head: ScoringHead): ScoringRecord {
  return { kind: head.kind, logit_scale: head.scale ?? null, logit_bias: head.bias ?? null, source: head.source };
}

/** metrics.json's one line on why a run has no probabilities. */
export function noProbabilitiesReason(model: string, head: ScoringHead): string {
  const missing = head.kind === 'sigmoid' ? 'logit_scale and logit_bias' : 'logit_scale';
  return `no ${head.kind} probabilities: ${model} gives no ${missing} (${head.source}); rankings are exact, but predictions.csv has no prob_pred/prob_label columns and there are no calibration figures (give a combined onnx/model.onnx or "scoring" in clip-eval.json)`;
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
    metrics: {
      ...(Object.fromEntries(ZEROSHOT_METRICS.map((name) => [name, metrics[name]])) as Record<(typeof ZEROSHOT_METRICS)[number], number>),
      // the calibration figures, where the head gave probabilities
      ...Object.fromEntries((Object.keys(CALIBRATION_METRICS) as CalibrationMetricName[]).flatMap((name) => (typeof metrics[name] === 'number' ? [[name, metrics[name]]] : []))),
    },
  };
}
