import { describe, expect, it } from 'vitest';
import type { CompositionItem } from '../../../src/datasets/compositionality/types.js';
import { createRng } from '../../../src/metrics/random.js';
import { aggregateScores, scoreItem, type ScoredItem } from '../../../src/tasks/compositionality/score.js';

const D = 8;
const sample = (id: string) => ({ id, source: { kind: 'file' as const, path: id }, label: 0 });

function unit(rng: () => number): Float32Array {
  const v = Float32Array.from({ length: D }, () => rng() - 0.5);
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

const cos = (a: Float32Array, b: Float32Array) => a.reduce((s, x, j) => s + x * b[j]!, 0);

describe('compositionality scoring', () => {
  it('matches a brute-force loop on seeded choice items (pooled, per value, macro with exclusions and a minimum count)', () => {
    const rng = createRng(7);
    const scored: ScoredItem[] = [];
    const expected: { correct: boolean; rel: string }[] = [];
    for (let i = 0; i < 300; i++) {
      const k = 2 + (i % 4);
      const rel = ['on', 'near', 'holding', 'under'][Math.floor(rng() * 4)]!;
      const item: CompositionItem = { kind: 'choice', id: String(i), image: sample('x'), captions: Array.from({ length: k }, (_, c) => `c${c}`), answer: i % k, groups: { rel: [rel] } };
      const img = unit(rng);
      const caps = Array.from({ length: k }, () => unit(rng));
      scored.push(scoreItem(i, item, [img], caps));
      const s = caps.map((c) => cos(img, c));
      expected.push({ correct: s.every((x, j) => j === item.answer || x < s[item.answer]! || (x === s[item.answer]! && j > item.answer)), rel });
    }
    const result = aggregateScores(scored, 'choice', [{ key: 'rel', title: 'rel' }], { key: 'rel', exclude: ['near'], minCount: 1, description: '' });
    expect(result.scores.accuracy).toBeCloseTo(expected.filter((e) => e.correct).length / 300, 12);
    const acc = (rel: string) => {
      const part = expected.filter((e) => e.rel === rel);
      return part.filter((e) => e.correct).length / part.length;
    };
    for (const row of result.groups[0]!.rows) expect(row.scores.accuracy).toBeCloseTo(acc(row.value), 12);
    expect(result.macro!.value).toBeCloseTo((acc('on') + acc('holding') + acc('under')) / 3, 12);
    expect(result.macro!.excluded).toEqual([{ value: 'near', reason: 'excluded', n: expected.filter((e) => e.rel === 'near').length }]);
  });

  it('sends a tie to the lower caption index (numpy argmax), so a tie counts against [false, true] and for [true, ...]', () => {
    const v = Float32Array.from([1, 0]);
    const pair: CompositionItem = { kind: 'choice', id: 'a', image: sample('x'), captions: ['false', 'true'], answer: 1, groups: {} };
    expect(scoreItem(0, pair, [v], [v, v]).outcome).toEqual({ accuracy: false });
    expect(scoreItem(0, { ...pair, answer: 0 }, [v], [v, v]).outcome).toEqual({ accuracy: true });
  });

  it('gives Winoground text, image and group scores as the paper defines them (strict inequalities)', () => {
    const e = (x: number, y: number) => Float32Array.from([x, y]);
    const item: CompositionItem = { kind: 'group', id: 'w', images: [sample('i0'), sample('i1')], captions: ['c0', 'c1'], groups: { tag: ['Object'] } };
    // c0 = i0 exactly, c1 between: text (each image prefers its caption) holds for i0 only.
    const i0 = e(1, 0), i1 = e(0, 1), c0 = e(1, 0), c1 = e(Math.SQRT1_2, Math.SQRT1_2);
    const s = scoreItem(0, item, [i0, i1], [c0, c1]);
    // s(c0,i0)=1 > s(c1,i0)=.71; s(c1,i1)=.71 > s(c0,i1)=0: text holds. s(c0,i0)=1 > s(c0,i1)=0; s(c1,i1)=.71 > s(c1,i0)=.71 fails: no image score.
    expect(s.outcome).toEqual({ text_score: true, image_score: false, group_score: false });
    const perfect = scoreItem(1, item, [i0, i1], [i0, i1]);
    expect(perfect.outcome).toEqual({ text_score: true, image_score: true, group_score: true });
    const agg = aggregateScores([s, perfect], 'group', [{ key: 'tag', title: 'tag' }]);
    expect(agg.scores).toEqual({ text_score: 1, image_score: 0.5, group_score: 0.5 });
  });
});
