import type { Matrix } from '../../core/tensor.js';
import { checkBatch, resolveContext, type ClassificationMetric, type MetricAccumulator, type ResolvedContext } from './context.js';

/**
 * One label's scores, both sorted ascending: those of every sample, and those of the label's own samples
 * (the positives). Ranking metrics need only counts of scores below or equal to a value, so they work on
 * these two arrays by binary search, which makes them independent of the order of tied samples.
 */
export interface LabelColumn {
  readonly all: Float32Array;
  readonly positives: Float32Array;
}

/** How many values of an ascending array are below x (or at most x, with `orEqual`), by binary search. */
export function countBelow(sorted: Float32Array, x: number, orEqual = false): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x || (orEqual && sorted[mid] === x)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Calls `visit` for each distinct positive score, with how many positives are below it and equal to it. */
export function forEachPositiveGroup(positives: Float32Array, visit: (score: number, below: number, equal: number) => void): void {
  for (let start = 0; start < positives.length; ) {
    const score = positives[start]!;
    let end = start + 1;
    while (end < positives.length && positives[end] === score) end++;
    visit(score, start, end - start);
    start = end;
  }
}

/** Keeps every sample's label and per-label score: O(samples x labels) memory, as ranking metrics need. */
class LabelScores {
  private readonly chunks: { labels: Int32Array; scores: Float32Array }[] = [];
  private n = 0;
  readonly support: Float64Array;

  constructor(private readonly context: ResolvedContext) {
    this.support = new Float64Array(context.labels);
  }

  add(labels: Int32Array, scores: Matrix): void {
    const { labels: width, classToLabel } = this.context;
    let out: Float32Array;
    if (classToLabel === undefined) {
      out = scores.data.slice(0, scores.rows * scores.cols);
    } else {
      // A label scores as its best class (the max over the classes that map to it).
      out = new Float32Array(scores.rows * width).fill(-Infinity);
      for (let i = 0; i < scores.rows; i++) {
        for (let c = 0; c < scores.cols; c++) {
          const at = i * width + classToLabel[c]!;
          const s = scores.data[i * scores.cols + c]!;
          if (s > out[at]!) out[at] = s;
        }
      }
    }
    for (const label of labels) this.support[label]!++;
    this.chunks.push({ labels: labels.slice(), scores: out });
    this.n += scores.rows;
  }

  /** Label `label`'s column, sorted, with its positives. */
  column(label: number): LabelColumn {
    const width = this.context.labels;
    const all = new Float32Array(this.n);
    const positives = new Float32Array(this.support[label]!);
    let at = 0;
    let p = 0;
    for (const chunk of this.chunks) {
      for (let i = 0; i < chunk.labels.length; i++, at++) {
        const s = chunk.scores[i * width + label]!;
        all[at] = s;
        if (chunk.labels[i] === label) positives[p++] = s;
      }
    }
    return { all: all.sort(), positives: positives.sort() };
  }
}

/**
 * A macro-averaged one-vs-rest ranking metric: `perLabel` scores the column of one label that has samples, or
 * returns undefined where it is not defined for that label; the result is the mean over the defined labels.
 * Labels without samples are left out, since no ranking of theirs can be right or wrong.
 */
export function oneVsRestMetric(
  names: Pick<ClassificationMetric, 'name' | 'title' | 'clipBenchmark'>,
  description: string,
  perLabel: (column: LabelColumn) => number | undefined,
): ClassificationMetric {
  const { name } = names;
  return {
    ...names,
    description,
    fraction: true,
    create(context): MetricAccumulator {
      const resolved = resolveContext(context, name);
      const store = new LabelScores(resolved);
      return {
        add(labels, scores) {
          checkBatch(resolved, labels, scores, name);
          store.add(labels, scores);
        },
        result() {
          let sum = 0;
          let defined = 0;
          for (let label = 0; label < resolved.labels; label++) {
            if (store.support[label] === 0) continue;
            const value = perLabel(store.column(label));
            if (value === undefined) continue;
            sum += value;
            defined++;
          }
          return defined > 0 ? sum / defined : NaN;
        },
      };
    },
  };
}
