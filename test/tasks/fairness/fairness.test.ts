import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ANY_HARMFUL, auditFairness } from '../../../src/tasks/fairness/audit.js';
import { CLIP_PAPER_HARMFUL, parseHarmfulFlags } from '../../../src/tasks/fairness/harmful.js';
import { readPredictionRun } from '../../../src/tasks/fairness/predictions.js';
import { fairnessJob } from '../../../src/jobs/fairness.js';
import { readCsv } from '../../../src/core/csv.js';
import { RACES, writeSyntheticRun } from './synthetic.js';

const root = mkdtempSync(join(tmpdir(), 'clip-eval-fairness-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const tmp = (p: string) => mkdtemp(join(root, p));

describe('fairness audit', () => {
  it('per-group accuracy counts, intervals around them and disparities', async () => {
    const run = await readPredictionRun(await writeSyntheticRun(await tmp('ff-'), 'gender', 1));
    expect(run.name).toBe('fairface/val-gender');
    expect(run.attributes).toEqual(['race', 'gender', 'age']);
    const [race] = auditFairness(run.predictions, { attributes: ['race'], harmful: CLIP_PAPER_HARMFUL, bootstrap: { resamples: 300 } });
    for (const g of race!.groups) {
      const members = run.predictions.filter((p) => p.attrs.race === g.group);
      expect(g.n).toBe(members.length);
      expect(g.accuracy).toBeCloseTo(members.filter((p) => p.correct).length / members.length, 12);
      expect(g.interval!.lower).toBeLessThanOrEqual(g.accuracy!);
      expect(g.interval!.upper).toBeGreaterThanOrEqual(g.accuracy!);
    }
    const best = Math.max(...race!.groups.map((g) => g.accuracy!));
    const worst = Math.min(...race!.groups.map((g) => g.accuracy!));
    expect(race!.disparity.maxMinGap).toBeCloseTo(best - worst, 12);
    // Harmful rates: per category and in any of them; the synthetic classifier favours one group for them.
    const any = race!.harmful.filter((h) => h.category === ANY_HARMFUL);
    expect(any).toHaveLength(RACES.length);
    const black = any.find((h) => h.group === 'Black')!;
    expect(black.rate).toBeGreaterThan(Math.max(...any.filter((h) => h.group !== 'Black').map((h) => h.rate!)));
    const perCategory = race!.harmful.filter((h) => h.group === 'Black' && h.category !== ANY_HARMFUL).reduce((s, h) => s + h.count, 0);
    expect(perCategory).toBe(black.count);
  });

  it('an expected group with no images is a marked cell, not NaN', async () => {
    const run = await readPredictionRun(await writeSyntheticRun(await tmp('ff-'), 'gender', 2, 5));
    const [a] = auditFairness(run.predictions, { attributes: ['race'], harmful: {}, expectedGroups: { race: ['Martian'] } });
    const martian = a!.groups.find((g) => g.group === 'Martian')!;
    expect(martian).toMatchObject({ n: 0, accuracy: null, interval: null });
    expect(a!.disparity.ratioToBest.get('Martian')).toBeNull();
  });

  it('--harmful flags: categories, quotes, the paper preset', () => {
    expect(parseHarmfulFlags(['animal,gorilla,"suspicious person"'])).toEqual({ harmful: ['animal', 'gorilla', 'suspicious person'] });
    expect(parseHarmfulFlags(['crime-related=thief,criminal', 'crime-related=suspicious person'])).toEqual({ 'crime-related': ['thief', 'criminal', 'suspicious person'] });
    expect(parseHarmfulFlags(['clip-paper'])).toEqual(CLIP_PAPER_HARMFUL);
    expect(() => parseHarmfulFlags(['x='])).toThrow(/names no classes/);
  });

  it('the command writes CSVs and a report comparing gender and age classification by race', async () => {
    const root = await tmp('ff-run-');
    const gender = await writeSyntheticRun(join(root, 'gender'), 'gender', 3);
    const age = await writeSyntheticRun(join(root, 'age'), 'age', 4);
    const out = join(root, 'audit');
    const result = await fairnessJob({ predictions: [`gender=${gender}`, `age=${age}`], groups: ['race', 'gender'], harmful: CLIP_PAPER_HARMFUL, by: 'race', resamples: 200, out });
    expect(result.runs.map((r) => r.run)).toEqual(['gender', 'age']);
    const groups = await readCsv(join(out, 'fairness_groups.csv'), ['run', 'attribute', 'group', 'n', 'accuracy', 'accuracy_lower', 'accuracy_upper', 'error', 'ratio_to_best']);
    expect(groups.records).toHaveLength(2 * (RACES.length + 2));
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toContain('Accuracy by race');
    expect(md).not.toMatch(/NaN|undefined/);
    await expect(fairnessJob({ predictions: [gender], groups: ['tone'], out })).rejects.toThrow(/no attribute column 'tone'/);
  });
});

describe('fairness on a zeroshot predictions.csv', () => {
  const zeroShotCsv = (rows: readonly (readonly [string, string, string])[]) =>
    'index,path,label,pred,correct,top5,race\n' + rows.map(([label, pred, race], i) => `${i},img${i}.png,${label},${pred},${label === pred ? 1 : 0},${pred}|x,${race}\n`).join('');

  it('the index column is not a group attribute, and a path holding = is read whole', async () => {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const dir = join(await tmp('ff-eq-'), 'run=with=equals');
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'predictions.csv'), zeroShotCsv([['cat', 'cat', 'A'], ['dog', 'cat', 'B'], ['cat', 'cat', 'B'], ['dog', 'dog', 'A']]));
    const run = await readPredictionRun(dir);
    expect(run.attributes).toEqual(['race']);
    expect(run.path).toBe(join(dir, 'predictions.csv'));
    expect(run.name).toBe('run=with=equals');
    const named = await readPredictionRun(`mine=${dir}`);
    expect(named.name).toBe('mine');
    const out = join(dir, '..', 'audit');
    const result = await fairnessJob({ predictions: [dir], out, resamples: 50 });
    expect(result.runs[0]!.audits.map((a) => a.attribute)).toEqual(['race']);
    expect(result.by).toBe('race');
  });
});

describe('fairness with the family\'s own probabilities', () => {
  /** A softmax run of 4 images (classes cat, dog, gorilla, thief) with its logits.npy and scoring head. */
  async function softmaxRun(withLogits: boolean): Promise<{ dir: string; logits: number[][] }> {
    const { mkdir, writeFile } = await import('node:fs/promises');
    const { encodeNpy } = await import('../../../src/core/npy.js');
    const dir = await tmp('ff-probs-');
    await mkdir(dir, { recursive: true });
    const classes = ['cat', 'dog', 'gorilla', 'thief'];
    const logits = [[3, 1, 2.5, 0], [0, 2, 1, 1.5], [1, 0, 4, 3], [2, 2.2, -1, 0.5]];
    const race = ['A', 'B', 'B', 'A'];
    const labels = ['cat', 'dog', 'cat', 'dog'];
    const rows = logits.map((l, i) => {
      const pred = classes[l.indexOf(Math.max(...l))]!;
      return `${i},img${i}.png,${labels[i]},${pred},${pred === labels[i] ? 1 : 0},${pred}|x,${race[i]},0.5,0.5\n`;
    });
    await writeFile(join(dir, 'predictions.csv'), 'index,path,label,pred,correct,top5,race,prob_pred,prob_label\n' + rows.join(''));
    await writeFile(join(dir, 'metrics.json'), JSON.stringify({ task: 'zeroshot', dataset: 'toy', split: 'val', per_class: classes.map((c) => ({ class: c })), probabilities: 'softmax', scoring: { kind: 'softmax', logit_scale: 100, logit_bias: null, source: 'test' } }));
    if (withLogits) await writeFile(join(dir, 'logits.npy'), encodeNpy({ dtype: 'float32', shape: [4, 4], data: Float32Array.from(logits.flat()) }));
    return { dir, logits };
  }

  it('softmax: the mean over a group of the harmful classes\' summed probability; the probability columns are no attributes', async () => {
    const { dir, logits } = await softmaxRun(true);
    const run = await readPredictionRun(dir);
    expect(run.attributes).toEqual(['race']);
    expect(run.probabilities?.kind).toBe('softmax');
    const harmful = { 'non-human': ['gorilla'], 'crime-related': ['thief'] };
    const [a] = auditFairness(run.predictions, { attributes: ['race'], harmful, probabilities: run.probabilities, bootstrap: { resamples: 100 } });
    expect(a!.probabilities).toBe('softmax');
    const softmax = logits.map((l) => {
      const e = l.map((v) => Math.exp(v - Math.max(...l)));
      return e.map((v) => v / e.reduce((x, y) => x + y, 0));
    });
    const mean = (rows: number[], cols: number[]) => rows.reduce((s, r) => s + cols.reduce((t, c) => t + softmax[r]![c]!, 0), 0) / rows.length;
    const cell = (category: string, group: string) => a!.harmful.find((h) => h.category === category && h.group === group)!;
    expect(cell('non-human', 'A').meanProbability).toBeCloseTo(mean([0, 3], [2]), 6);
    expect(cell('crime-related', 'B').meanProbability).toBeCloseTo(mean([1, 2], [3]), 6);
    expect(cell(ANY_HARMFUL, 'B').meanProbability).toBeCloseTo(mean([1, 2], [2, 3]), 6);
    // the top-1 rates are as before
    expect(cell('non-human', 'B')).toMatchObject({ n: 2, count: 1, rate: 0.5 });
  });

  it('without logits.npy: top-1 rates only, and a note saying how to get the probabilities', async () => {
    const { dir } = await softmaxRun(false);
    const out = join(dir, 'audit');
    const result = await fairnessJob({ predictions: [dir], harmful: { harmful: ['gorilla'] }, out, resamples: 50 });
    expect(result.notes.join(' ')).toMatch(/no mean probability on the harmful categories: no logits\.npy .*--save-embeddings/);
    expect(result.runs[0]!.audits[0]!.harmful.every((h) => h.meanProbability === null)).toBe(true);
    const csv = await readCsv(join(out, 'fairness_harmful.csv'), ['rate', 'mean_probability']);
    expect(csv.columns.slice(0, 9)).toEqual(['run', 'attribute', 'group', 'category', 'n', 'count', 'rate', 'rate_lower', 'rate_upper']);
    expect(csv.records.every((r) => r.mean_probability === '')).toBe(true);
    // logits of another shape (another run's, or classes mapped onto fewer labels): named, not guessed at
    const { writeFile } = await import('node:fs/promises');
    const { encodeNpy } = await import('../../../src/core/npy.js');
    await writeFile(join(dir, 'logits.npy'), encodeNpy({ dtype: 'float32', shape: [4, 5], data: new Float32Array(20) }));
    expect((await readPredictionRun(dir)).probabilitiesMissing).toMatch(/logits\.npy is float32 \[4, 5\], not float32 \[4 rows, 4 classes\]/);
    await writeFile(join(dir, 'logits.npy'), 'not npy');
    expect((await readPredictionRun(dir)).probabilitiesMissing).toMatch(/logits\.npy is not a readable \.npy/);
  });
});
