import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tableFromResults } from '../../../src/tasks/robustness/accuracy-table.js';
import { robustnessJob } from '../../../src/jobs/robustness.js';
import { columnForRun } from '../../../src/tasks/robustness/testbed-settings.js';
import { RESULT_SCHEMA, type ResultRow } from '../../../src/results/result-row.js';
import { recordResult } from '../../../src/results/store.js';

const root = mkdtempSync(join(tmpdir(), 'clip-eval-rob-results-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function row(task: 'zeroshot' | 'linear-probe', label: string, split: string, top1: number, time = '2026-01-01T00:00:00Z'): ResultRow {
  return { schema: RESULT_SCHEMA, task, model: 'models/tiny-clip', label, dataset: 'emoji', split, templates: null, n: 500, config_hash: 'h', harness_version: '0.1.0', time, metrics: { top1, top5: null, mean_per_class_recall: null } };
}

describe('robustness from the results store', () => {
  it('maps (dataset, split) to testbed columns or dataset/split', () => {
    expect(columnForRun('imagenet', 'val')).toBe('val');
    expect(columnForRun('imagenet-v2', 'matched-frequency')).toBe('imagenetv2-matched-frequency-format-val');
    expect(columnForRun('imagenet-r', 'test')).toBe('imagenet-r');
    expect(columnForRun('imagenet', 'val-on-imagenet-r-classes')).toBe('val-on-imagenet-r-classes');
    expect(columnForRun('emoji', 'sketch')).toBe('emoji/sketch');
  });

  it('keeps the latest run of a column and skips template comparisons', () => {
    const compare = { ...row('zeroshot', 'cmp', 'id', 0.9), task: 'template-compare', metrics: { top1: 0.9, best_single_top1: 0.9, ensemble_all_top1: 0.9, greedy_top1: null } } as ResultRow;
    const table = tableFromResults([row('zeroshot', 'zs', 'id', 0.6, '2026-01-02T00:00:00Z'), row('zeroshot', 'zs', 'id', 0.5, '2026-01-01T00:00:00Z'), compare]);
    expect(table.get('zs')!.accuracies.get('emoji/id')).toEqual({ value: 0.6, n: 500 });
    expect(table.has('cmp')).toBe(false);
  });

  it("puts the embedded model's zero-shot point against linear-probe baselines on generic shifts", async () => {
    const dir = join(root, 'demo');
    // Probes lose accuracy under the shift along a trend; zero-shot loses less.
    const probes: [string, number, number, number][] = [
      ['probe C=0.01', 0.62, 0.31, 0.22],
      ['probe C=0.1', 0.71, 0.4, 0.3],
      ['probe C=1', 0.8, 0.52, 0.41],
      ['probe C=10', 0.84, 0.58, 0.46],
    ];
    for (const [label, id, v2, sketch] of probes) {
      await recordResult(dir, row('linear-probe', label, 'id', id));
      await recordResult(dir, row('linear-probe', label, 'v2', v2));
      await recordResult(dir, row('linear-probe', label, 'sketch', sketch));
    }
    await recordResult(dir, row('zeroshot', 'tiny-clip zero-shot', 'id', 0.66));
    await recordResult(dir, row('zeroshot', 'tiny-clip zero-shot', 'v2', 0.5));
    await recordResult(dir, row('zeroshot', 'tiny-clip zero-shot', 'sketch', 0.45));
    const out = join(root, 'robustness');
    const run = await robustnessJob({ results: [dir], inDistribution: 'emoji/id', inDistributionName: 'emoji (id)', shifts: ['emoji/v2', 'emoji/sketch'], out });
    expect(run.results.map((r) => r.shift.name)).toEqual(['emoji/v2', 'emoji/sketch', 'average']);
    for (const r of run.results) {
      expect(r.fit?.n).toBe(4);
      const zs = r.points.find((p) => p.model === 'tiny-clip zero-shot')!;
      expect(zs.role).toBe('evaluated');
      expect(zs.effectiveRobustness).toBeGreaterThan(0.1);
    }
    const csv = readFileSync(join(out, 'effective_robustness.csv'), 'utf8');
    expect(csv).toMatch(/^model,role,shift,x_column,y_column,x_acc,y_acc,x_n,y_n,predicted_y,effective_robustness,note/);
    expect(csv).toContain('tiny-clip zero-shot,evaluated,emoji/v2,emoji/id,emoji/v2,0.66,0.5,500,500,');
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toContain('Baselines: the linear-probe runs in the results.');
  });
});
