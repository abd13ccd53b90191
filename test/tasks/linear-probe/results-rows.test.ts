import { describe, expect, it } from 'vitest';
import { linearProbeMetrics, linearProbeResultRows } from '../../../src/tasks/linear-probe/outputs.js';
import { runLinearProbe, type LinearProbeOptions } from '../../../src/tasks/linear-probe/run.js';
import { validateResultRow, type ResultRow } from '../../../src/results/result-row.js';
import { tableFromResults } from '../../../src/tasks/robustness/accuracy-table.js';
import { selectBaselines } from '../../../src/tasks/robustness/select-models.js';
import { gaussianClasses } from './synthetic.js';

const { train, test } = gaussianClasses(3, 90, 5, [0, 1, 2]);
const shifted = gaussianClasses(4, 60, 5, [0, 1, 2]).test;
const tests = [{ name: 'id', ...test }, { name: 'shift', ...shifted }];
const options: LinearProbeOptions = { selection: { kind: 'values', values: [0.1, 1] }, valFraction: 0.2, tol: 1e-4, maxIterations: 1000, seed: 0, threads: 1 };
const provenance = { source: 'model', model: '/models/tiny-clip', dataset: 'emoji-shift', splits: { train: 'train', tests: ['id', 'shift'] }, featureOutput: 'pooler_output' } as const;

async function probeRows(shots?: number): Promise<{ rows: ResultRow[]; metrics: ReturnType<typeof linearProbeMetrics> }> {
  const probeOptions = shots === undefined ? options : { ...options, shots: { k: shots, seeds: 2 } };
  const metrics = linearProbeMetrics(await runLinearProbe(train, tests, probeOptions), probeOptions, provenance);
  return { rows: linearProbeResultRows(metrics).map((r, i) => validateResultRow(r, `row ${i}`)), metrics };
}

describe('linear-probe results rows', () => {
  it('one fit scored on several splits: one row per split, metrics.json lists each, the first split heads it', async () => {
    const { rows, metrics } = await probeRows();
    expect(metrics.splits).toEqual({ train: 'train', test: 'id', tests: ['id', 'shift'] });
    expect(metrics.test_splits.map((t) => [t.split, t.n])).toEqual([['id', 45], ['shift', 30]]);
    expect(metrics.test_splits[0]!.accuracy).toBe(metrics.accuracy.test);
    expect(rows.map((r) => [r.split, r.n, r.metrics.top1])).toEqual(metrics.test_splits.map((t) => [t.split, t.n, t.accuracy]));
    expect(new Set(rows.map((r) => r.label))).toEqual(new Set(['tiny-clip (linear-probe)']));
    expect(new Set(rows.map((r) => r.config_hash)).size).toBe(1);
  });

  it('keeps the single-split layout: splits {train, test}, one row', async () => {
    const metrics = linearProbeMetrics(await runLinearProbe(train, test, options), options, { ...provenance, splits: { train: 'train', tests: ['id'] } });
    expect(metrics.splits).toEqual({ train: 'train', test: 'id' });
    expect(linearProbeResultRows(metrics)).toHaveLength(1);
  });

  it('full and K-shot probes are distinct robustness baselines, each with a column per test split', async () => {
    const full = await probeRows();
    const twoShot = await probeRows(2);
    const fourShot = await probeRows(4);
    const zeroShot: ResultRow = { ...full.rows[0]!, task: 'zeroshot', label: 'tiny-clip', templates: 'default', metrics: { top1: 0.5, top5: null, mean_per_class_recall: null } };
    const table = tableFromResults([...full.rows, ...twoShot.rows, ...fourShot.rows, zeroShot]);
    const probes = ['tiny-clip (linear-probe)', 'tiny-clip (linear-probe, 2-shot)', 'tiny-clip (linear-probe, 4-shot)'];
    expect([...table.keys()].sort()).toEqual([...probes, 'tiny-clip'].sort());
    for (const name of probes) expect([...table.get(name)!.accuracies.keys()].sort()).toEqual(['emoji-shift/id', 'emoji-shift/shift']);
    expect(table.get('tiny-clip (linear-probe, 2-shot)')!.accuracies.get('emoji-shift/shift')!.value).toBe(twoShot.metrics.test_splits[1]!.accuracy);
    expect([...selectBaselines(table, { kind: 'tasks', tasks: ['linear-probe'] })].sort()).toEqual(probes.sort());
  });
});
