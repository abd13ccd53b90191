import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { probeFromSource, type LoadedProbeFeatures } from '../../../src/tasks/linear-probe/job.js';
import type { LinearProbeOptions } from '../../../src/tasks/linear-probe/run.js';
import { gaussianClasses } from './synthetic.js';

const { train, test } = gaussianClasses(5, 120, 6, [0, 1, 2, 3]);
const features: LoadedProbeFeatures = { train, tests: [{ name: 'test', ...test }], provenance: { source: 'files', features: 'synthetic', featureOutput: null } };
const options: LinearProbeOptions = { selection: { kind: 'values', values: [0.01, 0.1, 1] }, valFraction: 0.25, tol: 1e-6, maxIterations: 500, seed: 0, shots: { k: 4, seeds: 2 }, threads: 1 };
const dir = mkdtempSync(join(tmpdir(), 'clip-eval-probe-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withoutTime = (m: Record<string, unknown>) => ({ ...m, time: undefined, result_cache: undefined });

describe('linear-probe result cache', () => {
  it('a refit on the same features and settings is read back bit for bit; other features or settings fit again', async () => {
    let fits = 0;
    const counted = { ...options, onFit: () => void fits++ };
    const first = await probeFromSource({ kind: 'loaded', features }, counted, dir);
    expect(first.metrics.result_cache).toBe('miss');
    const fitted = fits;
    expect(fitted).toBeGreaterThan(0);

    const again = await probeFromSource({ kind: 'loaded', features }, counted, dir);
    expect(fits).toBe(fitted); // nothing fitted
    expect(again.metrics.result_cache).toBe('hit');
    expect(again.result.classes).toEqual(first.result.classes);
    for (const [i, run] of again.result.runs.entries()) {
      expect(Buffer.from(run.weights.buffer).equals(Buffer.from(first.result.runs[i]!.weights.buffer))).toBe(true);
      expect(Array.from(run.bias)).toEqual(Array.from(first.result.runs[i]!.bias));
    }
    expect(withoutTime(again.metrics)).toEqual(withoutTime(first.metrics));

    // One feature value changed, or one setting: a different problem, fitted again.
    const data = Float32Array.from(train.features.data);
    data[7] = data[7]! + 0.5;
    const changed: LoadedProbeFeatures = { ...features, train: { ...train, features: { ...train.features, data } } };
    expect((await probeFromSource({ kind: 'loaded', features: changed }, counted, dir)).metrics.result_cache).toBe('miss');
    expect((await probeFromSource({ kind: 'loaded', features }, { ...counted, tol: 1e-5 }, dir)).metrics.result_cache).toBe('miss');
    expect(readdirSync(join(dir, 'linear-probe'))).toHaveLength(3);
  });

  it('an unreadable entry is fitted again and replaced; without a cache folder nothing is kept', async () => {
    const own = mkdtempSync(join(tmpdir(), 'clip-eval-probe-cache-'));
    try {
      await probeFromSource({ kind: 'loaded', features }, options, own);
      const [entry] = readdirSync(join(own, 'linear-probe'));
      writeFileSync(join(own, 'linear-probe', entry!), '{"truncated');
      expect((await probeFromSource({ kind: 'loaded', features }, options, own)).metrics.result_cache).toBe('miss');
      expect((await probeFromSource({ kind: 'loaded', features }, options, own)).metrics.result_cache).toBe('hit');
      expect((await probeFromSource({ kind: 'loaded', features }, options)).metrics.result_cache).toBeNull();
    } finally {
      rmSync(own, { recursive: true, force: true });
    }
  });
});
