import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { analyzeRobustness } from '../../../src/tasks/robustness/analyze.js';
import { readBaselineCsv } from '../../../src/tasks/robustness/baseline-csv.js';
import { robustnessJob } from '../../../src/jobs/robustness.js';

const root = mkdtempSync(join(tmpdir(), 'clip-eval-rob-bad-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function csvFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(root, 'clip-eval-badcsv-'));
  const path = join(dir, 'top1s.csv');
  await writeFile(path, text);
  return path;
}

const FRACTIONS = ['model,val,imagenet-sketch', 'a,0.60,0.20', 'b,0.70,0.28', 'c,0.80,0.40', 'd,0.75,0.33', 'e,0.65,0.45'].join('\n');

describe('robustness inputs that are wrong', () => {
  it('a baseline file without a model column names the missing column', async () => {
    const path = await csvFile('name,val\na,70\n');
    await expect(readBaselineCsv(path)).rejects.toThrow(/lacks column\(s\) model \(found: name, val; expected model\)/);
  });

  it('percentages where fractions are expected are detected and named', async () => {
    const path = await csvFile('model,val\na,70.5\nb,60\n');
    await expect(readBaselineCsv(path, 'fraction')).rejects.toThrow(/looks like percent/);
    expect((await readBaselineCsv(path, 'auto')).scaleNote).toMatch(/percentages \(values up to 70\.5\)/);
    expect((await readBaselineCsv(await csvFile(FRACTIONS), 'auto')).scaleNote).toMatch(/fractions/);
  });

  it('non-numbers and accuracies above 100 are refused with the row', async () => {
    await expect(readBaselineCsv(await csvFile('model,val\na,high\n'))).rejects.toThrow(/:2: val = 'high'/);
    await expect(readBaselineCsv(await csvFile('model,val\na,170\n'))).rejects.toThrow(/above 100/);
  });

  it('fewer than 3 baselines: no trend and a note, never NaN', async () => {
    const file = await readBaselineCsv(await csvFile(FRACTIONS));
    const [r] = analyzeRobustness(file.models, {
      shifts: [{ name: 'imagenet-sketch', label: 'Sketch', x: 'val', y: 'imagenet-sketch' }],
      inDistribution: 'val',
      baselines: new Set(['a', 'b']),
      evaluated: new Set(['e']),
    });
    expect(r!.fit).toBeNull();
    expect(r!.note).toMatch(/at least 3/);
    const e = r!.points.find((p) => p.model === 'e')!;
    expect(e.predicted).toBeNull();
    expect(e.effectiveRobustness).toBeNull();
  });

  it('the command refuses a run where no shift can be fitted, and unknown shift columns', async () => {
    const baseline = await csvFile(FRACTIONS);
    const out = await mkdtemp(join(root, 'clip-eval-rob-bad-'));
    await expect(robustnessJob({ baseline, baselineModels: ['a', 'b'], shifts: ['imagenet-sketch'], out })).rejects.toThrow(/no trend could be fitted/);
    await expect(robustnessJob({ baseline, baselineModels: ['a', 'b', 'c'], shifts: ['imagenet-r'], out })).rejects.toThrow(/needs the column 'val-on-imagenet-r-classes'/);
    await expect(robustnessJob({ baseline, shifts: ['imagenet-sketch'], out })).rejects.toThrow(/--baseline-types/);
    await expect(robustnessJob({ baseline, baselineModels: ['a*', 'b', 'c', 'd'], models: ['zzz'], out })).rejects.toThrow(/no model .* matches 'zzz'/);
  });

  it('a small fraction table runs end to end with globs', async () => {
    const baseline = await csvFile(FRACTIONS);
    const out = await mkdtemp(join(root, 'clip-eval-rob-ok-'));
    const run = await robustnessJob({ baseline, baselineModels: ['a*', 'b', 'c', 'd'], models: ['e'], shifts: ['imagenet-sketch'], out });
    const [r] = run.results;
    expect(r!.fit?.n).toBe(4);
    expect(r!.points.find((p) => p.model === 'e')!.effectiveRobustness).toBeGreaterThan(0.05);
  });
});
