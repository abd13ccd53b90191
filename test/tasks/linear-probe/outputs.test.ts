import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeNpy } from '../../../src/core/npy.js';
import { writeFileAtomic } from '../../../src/core/fs.js';
import { loadFeatureSplit } from '../../../src/tasks/linear-probe/load-features.js';
import { linearProbeMetrics, linearProbeResultRow, writeLinearProbeOutputs } from '../../../src/tasks/linear-probe/outputs.js';
import { validateResultRow } from '../../../src/results/result-row.js';
import { readResults } from '../../../src/results/store.js';
import { runLinearProbe, type LinearProbeOptions } from '../../../src/tasks/linear-probe/run.js';
import { readNpy } from '../../helpers/shared.js';
import { gaussianClasses } from './synthetic.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-probe-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const { train, test } = gaussianClasses(2, 90, 5, [0, 1, 2]);
const options: LinearProbeOptions = { selection: { kind: 'values', values: [0.1, 1, 10] }, valFraction: 0.2, tol: 1e-4, maxIterations: 1000, seed: 0, threads: 1 };

describe('linear-probe outputs', () => {
  it('metrics.json holds fractions, the chosen C, the sweep and the provenance; weights.npy and bias.npy are float32', async () => {
    const result = await runLinearProbe(train, test, options);
    const metrics = linearProbeMetrics(result, options, { source: 'model', model: 'm', dataset: 'emoji-shift', splits: { train: 'train', tests: ['id'] }, featureOutput: 'pooler_output' });
    const out = join(tmp, 'out');
    await writeLinearProbeOutputs(out, result, metrics);
    const written = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(written).toMatchObject({ task: 'linear-probe', schema_version: 1, feature_output: 'pooler_output', source: 'model', C: result.runs[0]!.C, classes: [0, 1, 2], dims: 5, n: { train: 90, validation: 18, test: 45 } });
    for (const value of Object.values(written.accuracy as Record<string, number>)) expect(value >= 0 && value <= 1).toBe(true);
    expect(written.sweep.map((p: { C: number }) => p.C)).toEqual([0.1, 1, 10]);
    expect(written.sweep[0]).toHaveProperty('validation_accuracy');
    expect(written.runs).toBeUndefined();
    expect(written.config).toMatchObject({ selection: { kind: 'values', values: [0.1, 1, 10] }, val_fraction: 0.2, tol: 1e-4, max_iter: 1000 });
    const weights = readNpy(join(out, 'weights.npy'));
    expect(weights).toMatchObject({ dtype: 'float32', shape: [3, 5] });
    expect(weights.data).toEqual(result.runs[0]!.weights);
    expect(readNpy(join(out, 'bias.npy'))).toMatchObject({ dtype: 'float32', shape: [3] });
    expect(written.files.sweep_plot).toBe('sweep.vl.json');
    expect(await readResults(out)).toHaveLength(1);
  });

  it('few-shot metrics keep every draw', async () => {
    const fewShot = { ...options, shots: { k: 3, seeds: 2 } };
    const metrics = linearProbeMetrics(await runLinearProbe(train, test, fewShot), fewShot, { source: 'files', features: '/data/probe-features', featureOutput: null });
    expect(metrics.runs).toHaveLength(2);
    expect(metrics.test_accuracy_spread.n).toBe(2);
    const row = validateResultRow(linearProbeResultRow(metrics), 'row');
    expect(row).toMatchObject({ task: 'linear-probe', model: 'features', dataset: 'probe-features', split: 'test', n: 45, label: 'features (linear-probe, 3-shot)' });
    expect(row.metrics).toMatchObject({ top1: metrics.accuracy.test, top5: null, regularization: metrics.C });
  });
});

describe('--features files', () => {
  const write = (name: string, array: Parameters<typeof encodeNpy>[0]) => writeFileAtomic(join(tmp, 'files', name), encodeNpy(array));

  it('reads float32 [N, D] features and int64 or int32 labels', async () => {
    await write('train_x.npy', { dtype: 'float32', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6]) });
    await write('train_y.npy', { dtype: 'int64', shape: [2], data: BigInt64Array.from([0n, 3n]) });
    const split = await loadFeatureSplit(join(tmp, 'files'), 'train');
    expect(split.features).toMatchObject({ rows: 2, cols: 3 });
    expect(Array.from(split.labels)).toEqual([0, 3]);
  });

  it('says which file is wrong and how', async () => {
    await write('test_x.npy', { dtype: 'float32', shape: [6], data: new Float32Array(6) });
    await write('test_y.npy', { dtype: 'int32', shape: [2], data: Int32Array.from([0, 1]) });
    await expect(loadFeatureSplit(join(tmp, 'files'), 'test')).rejects.toThrow(/test_x\.npy: expected a float32 \[N, D\] array, got float32 \[6\]/);
    await expect(loadFeatureSplit(join(tmp, 'nowhere'), 'test')).rejects.toThrow(/cannot read .*test_x\.npy: ENOENT; --features needs train_x\.npy/);
    await write('test_x.npy', { dtype: 'float32', shape: [2, 3], data: new Float32Array(6) });
    await write('test_y.npy', { dtype: 'float32', shape: [2], data: new Float32Array(2) });
    await expect(loadFeatureSplit(join(tmp, 'files'), 'test')).rejects.toThrow(/test_y\.npy: expected an int64 \[N\] label array, got float32/);
  });
});
