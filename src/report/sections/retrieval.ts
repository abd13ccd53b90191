import { DEFAULTS } from '../../config/defaults.js';
import { pairedBootstrap } from '../../metrics/paired-bootstrap.js';
import { recallAtK } from '../../metrics/retrieval/recall-at-k.js';
import { imageRetrievalKey, textRetrievalKey, type RetrievalRunMetrics } from '../../tasks/retrieval/result.js';
import type { Cell, ReportSection } from '../document.js';
import { recallCurveSpec, type RecallPoint } from '../specs/recall-curve.js';

/** A retrieval run as the report reads it: its metrics and each query's 0-based first-correct rank. */
export interface RetrievalReportRun {
  readonly label: string;
  readonly metrics: RetrievalRunMetrics;
  /** Text -> image, one per caption. */
  readonly textRanks: Int32Array;
  /** Image -> text, one per image. */
  readonly imageRanks: Int32Array;
}

const CURVE_KS = [1, 2, 3, 5, 10, 20, 50, 100] as const;
const DIRECTIONS = [
  { name: 'text → image', key: imageRetrievalKey, ranks: (r: RetrievalReportRun) => r.textRanks, candidates: (r: RetrievalReportRun) => r.metrics.n_images },
  { name: 'image → text', key: textRetrievalKey, ranks: (r: RetrievalReportRun) => r.imageRanks, candidates: (r: RetrievalReportRun) => r.metrics.n_captions },
] as const;

/** The curve's k values below the number of candidates: from there on every query is found, which says nothing. */
function curveKs(candidates: number): number[] {
  return CURVE_KS.filter((k) => k < candidates);
}

function hits(ranks: Int32Array, k: number): Uint8Array {
  return Uint8Array.from(ranks, (rank) => (rank < k ? 1 : 0));
}

/** The retrieval part of a report: recall@k with intervals per run, the recall@k curves, paired tests against the first run. */
export function retrievalSections(runs: readonly RetrievalReportRun[], options: { readonly id?: string } = {}): ReportSection[] {
  const first = runs[0];
  if (first === undefined) return [];
  const id = options.id ?? 'retrieval';
  const ks = first.metrics.recall_k;
  const m = first.metrics;
  const sections: ReportSection[] = [
    {
      kind: 'markdown',
      markdown: [
        '## Zero-shot retrieval',
        '',
        `${m.dataset}/${m.split} (${m.language}): ${m.n_images} images, ${m.n_captions} captions` +
          `${m.n_failed > 0 ? `, ${m.n_failed} images failed` : ''}${m.n_skipped > 0 ? `, ${m.n_skipped} records skipped` : ''}. ` +
          'Cosine similarity of L2-normalised embeddings, as CLIP_benchmark scores it: text → image (image retrieval) counts a caption ' +
          'as found when its image is among the k best; image → text (text retrieval) counts an image when any of its captions is. ' +
          'Intervals: 95% percentile bootstrap over the queries.',
      ].join('\n'),
    },
    {
      kind: 'table',
      title: 'Recall@k',
      table: {
        columns: [
          { key: 'run', title: 'run', format: 'text' },
          ...DIRECTIONS.flatMap((d) => ks.map((k) => ({ key: d.key(k), title: `${d.name} R@${k}`, format: 'percent-interval' as const }))),
          { key: 'mean', title: 'mean R@1', format: 'percent' },
        ],
        rows: runs.map((r) => {
          const row: Record<string, Cell> = { run: r.label, mean: r.metrics['mean_recall@1'] };
          for (const d of DIRECTIONS) {
            for (const k of ks) {
              const value = r.metrics[d.key(k)];
              const ci = r.metrics.intervals[d.key(k)];
              row[d.key(k)] = value === undefined ? null : ci ? [value, ci.lower, ci.upper] : value;
            }
          }
          return row;
        }),
      },
    },
    {
      kind: 'figure',
      id: `${id}-recall`,
      title: 'Recall@k curves',
      spec: recallCurveSpec(
        runs.flatMap((r) => DIRECTIONS.flatMap((d): RecallPoint[] => curveKs(d.candidates(r)).map((k) => ({ run: r.label, direction: d.name, k, recall: recallAtK(d.ranks(r), k) })))),
        { title: 'Recall@k', subtitle: `${m.dataset}/${m.split}` },
      ),
    },
  ];
  const comparable = runs.slice(1).filter((r) => r.textRanks.length === first.textRanks.length && r.imageRanks.length === first.imageRanks.length);
  if (comparable.length > 0) {
    const rows: Record<string, Cell>[] = [];
    for (const r of comparable) {
      for (const d of DIRECTIONS) {
        for (const k of ks) {
          const test = pairedBootstrap(hits(d.ranks(first), k), hits(d.ranks(r), k), DEFAULTS.bootstrap);
          rows.push({ run: r.label, metric: `${d.name} R@${k}`, delta: test.difference, lower: test.interval.lower, upper: test.interval.upper, p: test.p });
        }
      }
    }
    sections.push({
      kind: 'table',
      title: `Against ${first.label}`,
      caption: 'Paired bootstrap over the same queries (1000 resamples): the difference in recall, its 95% interval and a two-sided p-value.',
      table: {
        columns: [
          { key: 'run', title: 'run', format: 'text' },
          { key: 'metric', title: 'metric', format: 'text' },
          { key: 'delta', title: 'difference', format: 'points' },
          { key: 'lower', title: 'lower', format: 'points' },
          { key: 'upper', title: 'upper', format: 'points' },
          { key: 'p', title: 'p', format: 'p-value' },
        ],
        rows,
      },
    });
  }
  return sections;
}
