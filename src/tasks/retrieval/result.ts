import { basename, resolve } from 'node:path';
import type { Interval } from '../../metrics/binomial.js';
import { RESULT_SCHEMA, type ResultRow, type RetrievalMetrics } from '../../results/result-row.js';
import type { RetrievalScores } from './score.js';

/** CLIP_benchmark's key of text -> image recall@k (a caption finds its image). */
export const imageRetrievalKey = (k: number): `image_retrieval_recall@${number}` => `image_retrieval_recall@${k}`;
/** CLIP_benchmark's key of image -> text recall@k (an image finds one of its captions). */
export const textRetrievalKey = (k: number): `text_retrieval_recall@${number}` => `text_retrieval_recall@${k}`;

/** metrics.json of a retrieval run (fractions in [0, 1]). */
export type RetrievalRunMetrics = RetrievalMetrics & {
  readonly task: 'retrieval';
  readonly model: string;
  readonly model_sha256: string;
  readonly dtype: string;
  readonly dataset: string;
  readonly split: string;
  readonly language: string;
  /** The template wrapping each caption, or null (captions as they are, as CLIP_benchmark does). */
  readonly templates: { readonly name: string; readonly count: number } | null;
  readonly recall_k: readonly number[];
  /** Percentile bootstrap intervals over the queries, by the same keys. */
  readonly intervals: Readonly<Record<string, Interval>>;
  readonly n_images: number;
  readonly n_captions: number;
  /** Images that could not be read (their captions are left out of the queries). */
  readonly n_failed: number;
  /** Captions left out because their image failed. */
  readonly n_failed_captions: number;
  readonly n_skipped: number;
  readonly feature_cache: { readonly hits: number; readonly computed: number; readonly dir: string | null };
  readonly seconds: { readonly images: number; readonly text: number; readonly ranking: number; readonly total: number };
  readonly config_hash: string;
  readonly harness_version: string;
  readonly time: string;
};

/** The figures under CLIP_benchmark's keys, and their intervals. */
export function retrievalFigures(scores: RetrievalScores, ks: readonly number[]): { metrics: RetrievalMetrics; intervals: Record<string, Interval> } {
  const metrics: Record<`${'image' | 'text'}_retrieval_recall@${number}`, number> = {};
  const intervals: Record<string, Interval> = {};
  for (const k of ks) {
    metrics[imageRetrievalKey(k)] = scores.textToImage.recall[k]!;
    metrics[textRetrievalKey(k)] = scores.imageToText.recall[k]!;
    intervals[imageRetrievalKey(k)] = scores.textToImage.intervals[k]!;
    intervals[textRetrievalKey(k)] = scores.imageToText.intervals[k]!;
  }
  const mean = (scores.textToImage.recall[1]! + scores.imageToText.recall[1]!) / 2;
  return { metrics: { ...metrics, 'mean_recall@1': mean }, intervals };
}

/** The results-store row of a retrieval run (its CLIP_benchmark file has task `zeroshot_retrieval`). */
export function retrievalResultRow(metrics: RetrievalRunMetrics, label: string | undefined): ResultRow {
  const figures: Record<`${'image' | 'text'}_retrieval_recall@${number}`, number> & { 'mean_recall@1': number } = { 'mean_recall@1': metrics['mean_recall@1'] };
  for (const k of metrics.recall_k) {
    figures[imageRetrievalKey(k)] = metrics[imageRetrievalKey(k)]!;
    figures[textRetrievalKey(k)] = metrics[textRetrievalKey(k)]!;
  }
  return {
    schema: RESULT_SCHEMA,
    task: 'retrieval',
    model: basename(resolve(metrics.model)),
    ...(label !== undefined ? { label } : {}),
    dataset: metrics.dataset,
    split: metrics.split,
    language: metrics.language,
    templates: metrics.templates?.name ?? null,
    n: metrics.n_captions,
    config_hash: metrics.config_hash,
    harness_version: metrics.harness_version,
    time: metrics.time,
    metrics: figures,
  };
}
