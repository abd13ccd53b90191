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
