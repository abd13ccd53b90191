import { DEFAULTS } from '../../../src/config/defaults.js';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { AVERAGE_SHIFT, analyzeRobustness } from '../../../src/tasks/robustness/analyze.js';
import { readBaselineCsv, readModelTypes } from '../../../src/tasks/robustness/baseline-csv.js';
import { robustnessJob } from '../../../src/jobs/robustness.js';
import { resolveShifts } from '../../../src/tasks/robustness/run.js';
import { selectBaselines } from '../../../src/tasks/robustness/select-models.js';
import { tableColumns } from '../../../src/tasks/robustness/accuracy-table.js';
import { readCsv } from '../../../src/core/csv.js';

const root = mkdtempSync(join(tmpdir(), 'clip-eval-rob-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** imagenet-testbed's files live in ../shared/data (not in this repository); without them these tests skip. */
const DATA = fileURLToPath(new URL('../../../../shared/data/', import.meta.url));
const TOP1S = join(DATA, 'robustness_top1s.csv');
const TYPES = join(DATA, 'testbed_model_types.csv');
const reference = JSON.parse(readFileSync(new URL('./testbed-reference.json', import.meta.url), 'utf8'));
const EVALUATED = ['vit_b_32_clip_zeroshot', 'resnet50_clip_zeroshot', 'instagram-resnext101_32x48d', 'efficientnet-l2-noisystudent', 'resnet50'];
const TIGHT = 1e-9;

describe.skipIf(!existsSync(TOP1S) || !existsSync(TYPES))('effective robustness on imagenet-testbed (vs tools/robustness_reference.py)', () => {
  let cached: ReturnType<typeof compute> | undefined;
  const analysis = () => (cached ??= compute());
  async function compute() {
    const file = await readBaselineCsv(TOP1S);
    const types = await readModelTypes(TYPES);
    const evaluated = new Set(EVALUATED);
    const baselines = new Set([...selectBaselines(file.models, { kind: 'types', types, ...DEFAULTS.testbedBaselines })].filter((m) => !evaluated.has(m)));
    const shifts = resolveShifts(undefined, undefined, tableColumns(file.models));
    return { file, baselines, results: analyzeRobustness(file.models, { shifts, inDistribution: 'val', baselines, evaluated, seed: 0 }) };
  }

  it('reads the percent table as fractions and says so; picks the testbed baseline set', async () => {
    const { file, baselines } = await analysis();
    expect(file.scaleNote).toMatch(/percentages/);
    expect(file.models.get('resnet50')?.accuracies.get('val')?.value).toBeCloseTo(0.7613, 4);
    expect(baselines.size).toBe(reference.baseline_count);
  });

  it('fits, predictions and effective robustness agree with SciPy for every shift and the average', async () => {
    const { results } = await analysis();
    expect(results.map((r) => r.shift.name)).toEqual(Object.keys(reference.shifts));
    for (const r of results) {
      const ref = reference.shifts[r.shift.name];
      expect(r.fit?.n).toBe(ref.n);
      expect(Math.abs(r.fit!.slope - ref.slope)).toBeLessThan(TIGHT);
      expect(Math.abs(r.fit!.intercept - ref.intercept)).toBeLessThan(TIGHT);
      expect(Math.abs(r.fit!.r - ref.r)).toBeLessThan(TIGHT);
      for (const [model, m] of Object.entries(ref.models) as [string, { x: number; y: number; predicted_y: number; effective_robustness: number }][]) {
        const point = r.points.find((p) => p.model === model);
        expect(point, `${model} on ${r.shift.name}`).toBeDefined();
        expect(Math.abs(point!.x.value - m.x)).toBeLessThan(TIGHT);
        expect(Math.abs(point!.y.value - m.y)).toBeLessThan(TIGHT);
        expect(Math.abs(point!.predicted! - m.predicted_y)).toBeLessThan(TIGHT);
        expect(Math.abs(point!.effectiveRobustness! - m.effective_robustness)).toBeLessThan(TIGHT);
      }
    }
    // CLIP's published effective robustness on ImageNetV2 is positive, ResNet-50's about zero.
    const v2 = results.find((r) => r.shift.name === 'imagenet-v2')!;
    expect(v2.points.find((p) => p.model === 'vit_b_32_clip_zeroshot')!.effectiveRobustness).toBeGreaterThan(0.04);
    expect(results.at(-1)!.shift.name).toBe(AVERAGE_SHIFT);
  });

  it('the bootstrap band matches an independent bootstrap within resampling noise', async () => {
    const { results } = await analysis();
    for (const r of results) {
      for (const ref of reference.shifts[r.shift.name].band as { x: number; lower: number; upper: number }[]) {
        // Our band is on a grid; interpolate at the reference x.
        const i = r.band.findIndex((b) => b.x >= ref.x);
        const a = r.band[i - 1]!;
        const b = r.band[i]!;
        const t = (ref.x - a.x) / (b.x - a.x);
        const lower = a.lower + t * (b.lower - a.lower);
        const upper = a.upper + t * (b.upper - a.upper);
        const width = ref.upper - ref.lower;
        expect(Math.abs(upper - lower - width), r.shift.name).toBeLessThan(0.3 * width);
        expect(Math.abs((upper + lower) / 2 - (ref.upper + ref.lower) / 2), r.shift.name).toBeLessThan(0.3 * width);
      }
    }
  });

  it('per-point Clopper-Pearson intervals at alpha = 0.005 use the testbed set sizes', async () => {
    const { results } = await analysis();
    for (const ref of reference.clopper_pearson) {
      const shift = results.find((r) => r.shift.x === ref.column || r.shift.y === ref.column)!;
      const point = shift.points.find((p) => p.model === ref.model)!;
      const interval = shift.shift.x === ref.column ? point.xInterval! : point.yInterval!;
      expect(Math.abs(interval.lower - ref.lower)).toBeLessThan(1e-10);
      expect(Math.abs(interval.upper - ref.upper)).toBeLessThan(1e-10);
    }
  });

  it('the command writes effective_robustness.csv (fractions), the fits and a report', async () => {
    const out = await mkdtemp(join(root, 'clip-eval-rob-'));
    await robustnessJob({ baseline: TOP1S, baselineTypes: TYPES, models: ['vit_b_32_clip_zeroshot', 'resnet50'], shifts: ['imagenet-v2', 'imagenet-r'], out });
    const csv = await readCsv(join(out, 'effective_robustness.csv'), ['model', 'shift', 'x_acc', 'y_acc', 'predicted_y', 'effective_robustness']);
    const clip = csv.records.find((r) => r.model === 'vit_b_32_clip_zeroshot' && r.shift === 'imagenet-r')!;
    expect(Number(clip.x_acc)).toBeLessThanOrEqual(1);
    const er = Number(clip.effective_robustness);
    // With only two shifts the baseline set is the same, so the trend for ImageNet-R is the reference one.
    expect(Math.abs(er - reference.shifts['imagenet-r'].models.vit_b_32_clip_zeroshot.effective_robustness)).toBeLessThan(TIGHT);
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toMatch(/!\[.*\]\(figures\/robustness-panels\.png\)/);
    expect(md).not.toMatch(/NaN/);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  });
});
