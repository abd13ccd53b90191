import type { CompositionItem, Grouping, MacroSpec } from '../../datasets/compositionality/types.js';

/** The scores each kind of benchmark reports (fractions in [0, 1]). */
export const COMPOSITION_SCORES = {
  choice: ['accuracy'],
  group: ['text_score', 'image_score', 'group_score'],
} as const;

export type CompositionScoreName = (typeof COMPOSITION_SCORES)[keyof typeof COMPOSITION_SCORES][number];

/** One item scored: the cosine of each (caption, image) and what it counts as. */
export type ScoredItem =
  | {
      readonly kind: 'choice';
      /** Position of the item in the benchmark's order. */
      readonly index: number;
      readonly item: Extract<CompositionItem, { kind: 'choice' }>;
      /** Cosine of the image with each caption, in caption order. */
      readonly scores: readonly number[];
      /** The caption with the largest score (the lower index on a tie, like numpy's argmax). */
      readonly pred: number;
      readonly outcome: { readonly accuracy: boolean };
    }
  | {
      readonly kind: 'group';
      readonly index: number;
      readonly item: Extract<CompositionItem, { kind: 'group' }>;
      /** scores[c][i]: cosine of caption c with image i. */
      readonly scores: readonly [readonly [number, number], readonly [number, number]];
      readonly outcome: { readonly text_score: boolean; readonly image_score: boolean; readonly group_score: boolean };
    };

/** Cosine of two unit vectors. */
function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let j = 0; j < a.length; j++) s += a[j]! * b[j]!;
  return s;
}

function argmaxFirst(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}

/**
 * Scores one item from unit image and caption embeddings. Choice items: right when the answer has the
 * largest cosine. Winoground (Thrush et al., 2022, eq. 1-3): the text score needs s(C0,I0) > s(C1,I0) and
 * s(C1,I1) > s(C0,I1); the image score s(C0,I0) > s(C0,I1) and s(C1,I1) > s(C1,I0); the group score both.
 */
export function scoreItem(index: number, item: CompositionItem, images: readonly Float32Array[], captions: readonly Float32Array[]): ScoredItem {
  switch (item.kind) {
    case 'choice': {
      const scores = captions.map((c) => dot(images[0]!, c));
      const pred = argmaxFirst(scores);
      return { kind: 'choice', index, item, scores, pred, outcome: { accuracy: pred === item.answer } };
    }
    case 'group': {
      const s = [0, 1].map((c) => [dot(captions[c]!, images[0]!), dot(captions[c]!, images[1]!)] as const) as unknown as [readonly [number, number], readonly [number, number]];
      const text = s[0][0] > s[1][0] && s[1][1] > s[0][1];
      const image = s[0][0] > s[0][1] && s[1][1] > s[1][0];
      return { kind: 'group', index, item, scores: s, outcome: { text_score: text, image_score: image, group_score: text && image } };
    }
    default: {
      const never: never = item;
      throw new Error(`unknown item kind ${JSON.stringify(never)}`);
    }
  }
}

export type ScoreValues = Readonly<Partial<Record<CompositionScoreName, number>>>;

/** One value of a grouping: its item count, pooled scores and (with `macroOver`) the mean of its parts' scores. */
export interface GroupRow {
  readonly value: string;
  readonly n: number;
  readonly scores: ScoreValues;
  /** The mean over the `macroOver` values inside this one of their scores, and how many there were. */
  readonly macro?: { readonly parts: number; readonly scores: ScoreValues };
}

export interface GroupTable {
  readonly key: string;
  readonly title: string;
  readonly macroOver?: string;
  readonly rows: readonly GroupRow[];
}

export interface MacroResult {
  readonly key: string;
  readonly description: string;
  /** null when no value is left to average. */
  readonly value: number | null;
  /** Values averaged over, and those left out with why. */
  readonly included: number;
  readonly excluded: readonly { readonly value: string; readonly reason: 'excluded' | 'too few items'; readonly n: number }[];
}

export interface CompositionScores {
  readonly n: number;
  readonly scores: ScoreValues;
  readonly groups: readonly GroupTable[];
  readonly macro?: MacroResult;
}

function pooled(items: readonly ScoredItem[], names: readonly CompositionScoreName[]): ScoreValues {
  const out: Partial<Record<CompositionScoreName, number>> = {};
  for (const name of names) {
    let hits = 0;
    for (const s of items) if ((s.outcome as Readonly<Record<string, boolean>>)[name]) hits++;
    out[name] = items.length === 0 ? 0 : hits / items.length;
  }
  return out;
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Items by each value of `key` (an item with several values counts under each), values sorted. */
function byValue(items: readonly ScoredItem[], key: string): [string, ScoredItem[]][] {
  const map = new Map<string, ScoredItem[]>();
  for (const s of items) for (const v of s.item.groups[key] ?? []) map.set(v, [...(map.get(v) ?? []), s]);
  return [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The benchmark's figures from its scored items: pooled scores, one table per grouping, and the paper's
 * macro accuracy where the benchmark reports one. Pure: the same items give the same result.
 */
export function aggregateScores(scored: readonly ScoredItem[], kind: 'choice' | 'group', groupings: readonly Grouping[], macro?: MacroSpec): CompositionScores {
  const names = COMPOSITION_SCORES[kind];
  const groups = groupings.map((g): GroupTable => ({
    key: g.key,
    title: g.title,
    ...(g.macroOver !== undefined ? { macroOver: g.macroOver } : {}),
    rows: byValue(scored, g.key).map(([value, items]) => {
      const row: GroupRow = { value, n: items.length, scores: pooled(items, names) };
      if (g.macroOver === undefined) return row;
      const parts = byValue(items, g.macroOver).map(([, part]) => pooled(part, names));
      return { ...row, macro: { parts: parts.length, scores: Object.fromEntries(names.map((n) => [n, mean(parts.map((p) => p[n]!))])) } };
    }),
  }));
  let macroResult: MacroResult | undefined;
  if (macro) {
    const excluded: { value: string; reason: 'excluded' | 'too few items'; n: number }[] = [];
    const kept: number[] = [];
    const skip = new Set(macro.exclude ?? []);
    for (const [value, items] of byValue(scored, macro.key)) {
      if (skip.has(value)) excluded.push({ value, reason: 'excluded', n: items.length });
      else if (macro.minCount !== undefined && items.length < macro.minCount) excluded.push({ value, reason: 'too few items', n: items.length });
      else kept.push(pooled(items, ['accuracy']).accuracy!);
    }
    macroResult = { key: macro.key, description: macro.description, value: kept.length === 0 ? null : mean(kept), included: kept.length, excluded };
  }
  return { n: scored.length, scores: pooled(scored, names), groups, ...(macroResult ? { macro: macroResult } : {}) };
}
