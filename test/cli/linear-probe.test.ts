import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/core/fs.js';
import { encodeNpy } from '../../src/core/npy.js';
import type { LabelledSplit } from '../../src/tasks/linear-probe/validate.js';
import { runCli } from '../helpers/cli.js';
import { writeTestImage } from '../helpers/images.js';
import { LOCAL_FIXTURES, readNpy } from '../helpers/shared.js';
import { gaussianClasses } from '../tasks/linear-probe/synthetic.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-lp-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function writeFeatures(dir: string, splits: Record<'train' | 'test', LabelledSplit>): Promise<void> {
  for (const [name, { features, labels }] of Object.entries(splits)) {
    await writeFileAtomic(join(dir, `${name}_x.npy`), encodeNpy({ dtype: 'float32', shape: [features.rows, features.cols], data: features.data }));
    await writeFileAtomic(join(dir, `${name}_y.npy`), encodeNpy({ dtype: 'int64', shape: [labels.length], data: BigInt64Array.from(labels, BigInt) }));
  }
}

const good = join(tmp, 'good');
beforeAll(async () => {
  await writeFeatures(good, gaussianClasses(3, 120, 8, [0, 1, 2, 3]));
});

describe('clip-eval linear-probe', () => {
  it('--features with the sweep: metrics.json, weights.npy, bias.npy and the sweep plot', async () => {
    const out = join(tmp, 'sweep');
    const { code, stderr } = await runCli(['linear-probe', '--features', good, '--threads', '1', '--out', out]);
    expect(code, stderr).toBe(0);
    expect(stderr).toMatch(/linear probe \(C=[\d.e+-]+, features from files\): test [\d.]+%/);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics).toMatchObject({ task: 'linear-probe', source: 'files', feature_output: null, n_failed: null, dims: 8, n: { train: 120, validation: 24, test: 60 } });
    expect(metrics.sweep.length).toBeGreaterThanOrEqual(7);
    expect(readNpy(join(out, 'weights.npy')).shape).toEqual([4, 8]);
    expect(JSON.parse(readFileSync(join(out, 'sweep.vl.json'), 'utf8')).$schema).toMatch(/vega-lite/);
    const [row] = readFileSync(join(out, 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(row).toMatchObject({ task: 'linear-probe', dataset: 'good', n: 60, metrics: { top1: metrics.accuracy.test, regularization: metrics.C } });
  });

  it('--C with one value fits directly (no plot); --shots repeats over draws', async () => {
    const out = join(tmp, 'fixed');
    const fixed = await runCli(['linear-probe', '--features', good, '--C', '0.5', '--threads', '1', '--out', out]);
    expect(fixed.code, fixed.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'))).toMatchObject({ C: 0.5, sweep: [], accuracy: { validation: null } });
    expect(existsSync(join(out, 'sweep.vl.json'))).toBe(false);
    const shots = await runCli(['linear-probe', '--features', good, '--C', '0.1,1', '--shots', '2', '--shot-seeds', '3', '--threads', '1', '--out', join(tmp, 'shots')]);
    expect(shots.code, shots.stderr).toBe(0);
    expect(shots.stderr).toMatch(/± [\d.]+% over 3 draws/);
  });

  it('--model/--data: embeds train and test splits once, then probes from the feature cache', async () => {
    const root = join(tmp, 'images');
    for (const [split, copies] of [['train', 4], ['test', 2]] as const) {
      for (const [c, cls] of ['bird', 'cat', 'dog'].entries()) {
        for (let i = 0; i < copies; i++) await writeTestImage(join(root, split, cls, `${i}.png`), 32 + 5 * i, 28 + 3 * c, c * 5 + i + (split === 'test' ? 2 : 0));
      }
    }
    await writeFileAtomic(join(root, 'test', 'dog', '9-broken.png'), 'not a png');
    const args = ['linear-probe', '--model', join(LOCAL_FIXTURES, 'models', 'combined'), '--data', root, '--train-split', 'train', '--test-split', 'test', '--cache-dir', join(tmp, 'cache'), '--threads', '1'];
    const first = await runCli([...args, '--C', '1', '--out', join(tmp, 'model1')]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/0 from cache/);
    const metrics = JSON.parse(readFileSync(join(tmp, 'model1', 'metrics.json'), 'utf8'));
    expect(metrics).toMatchObject({ source: 'model', dataset: 'imagefolder', splits: { train: 'train', test: 'test' }, classnames: ['bird', 'cat', 'dog'], n: { train: 12, test: 6 }, n_failed: 1 });
    expect(typeof metrics.feature_output).toBe('string');
    const second = await runCli([...args, '--C', '0.1,1', '--val-fraction', '0.25', '--out', join(tmp, 'model2')]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).toMatch(/12 from cache/);
    expect(second.stderr).toMatch(/6 from cache/);
  });

  it('--shard I/N: concurrent shards cache their part of train and every test split and fit nothing; the unsharded run computes nothing new', async () => {
    const root = join(tmp, 'shard-images');
    for (const [split, copies] of [['train', 4], ['test', 2], ['shift', 2]] as const) {
      for (const [c, cls] of ['bird', 'cat', 'dog'].entries()) {
        for (let i = 0; i < copies; i++) await writeTestImage(join(root, split, cls, `${i}.png`), 30 + 4 * i, 26 + 3 * c, 40 + c * 5 + i + (split === 'train' ? 0 : split === 'test' ? 2 : 3));
      }
    }
    const cache = join(tmp, 'shard-cache');
    const args = ['linear-probe', '--model', join(LOCAL_FIXTURES, 'models', 'combined'), '--data', root, '--test-split', 'test,shift', '--cache-dir', cache, '--threads', '1', '--batch-size', '2'];
    /** Every chunk in the feature cache (each writer's chunks have their own names). */
    const chunks = () => readdirSync(join(cache, 'features')).flatMap((store) => readdirSync(join(cache, 'features', store, 'chunks')).filter((f) => f.endsWith('.keys'))).sort();
    const shards = await Promise.all([0, 1].map((i) => runCli([...args, '--shard', `${i}/2`, '--out', join(tmp, `shard-out-${i}`)])));
    shards.forEach((r) => expect(r.code, r.stderr).toBe(0));
    expect(shards[0]!.stderr).toMatch(/linear-probe --shard 0\/2: cached this shard's '\w+' features in .*: train 6 \(6 computed, 0 from cache\); test 3 \(3 computed, 0 from cache\); shift 3 \(3 computed, 0 from cache\)\. Nothing fitted/);
    expect(shards[1]!.stderr).toMatch(/--shard 1\/2: .*train 6 \(6 computed/);
    expect(existsSync(join(tmp, 'shard-out-0', 'metrics.json'))).toBe(false);
    const cached = chunks();
    expect(cached).toHaveLength(6);
    const fit = await runCli([...args, '--C', '1', '--out', join(tmp, 'shard-fit')]);
    expect(fit.code, fit.stderr).toBe(0);
    expect(fit.stderr).toMatch(/12 from cache, 0 encoded, 0 failed/);
    expect(fit.stderr.match(/6 from cache, 0 encoded, 0 failed/g)).toHaveLength(2);
    expect(chunks()).toEqual(cached);
    const metrics = JSON.parse(readFileSync(join(tmp, 'shard-fit', 'metrics.json'), 'utf8'));
    expect(metrics.splits).toEqual({ train: 'train', test: 'test', tests: ['test', 'shift'] });
    expect(metrics.n_failed).toBe(0);
    expect(metrics.test_splits.map((t: { split: string; n: number }) => [t.split, t.n])).toEqual([['test', 6], ['shift', 6]]);
    const rows = readFileSync(join(tmp, 'shard-fit', 'results.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.split, r.label])).toEqual([['test', 'combined (linear-probe)'], ['shift', 'combined (linear-probe)']]);
    expect(fit.stderr).toMatch(/test test [\d.]+%, shift [\d.]+%/);
    expect((await runCli(['linear-probe', '--features', good, '--shard', '0/2'])).code).toBe(2);
    expect((await runCli([...args, '--shard', '2/2'])).stderr).toMatch(/--shard 2\/2 is out of range/);
    // An option given twice is a usage error of its own (never a silent pick of the last one).
    const withTest = (split: string) => args.map((a, i) => (args[i - 1] === '--test-split' ? split : a));
    expect((await runCli([...args, '--test-split', 'train', '--shard', '0/2'])).stderr).toMatch(/--test-split was given 2 times/);
    const trainAsTest = await runCli([...withTest('train'), '--shard', '0/2']);
    expect(trainAsTest.code).toBe(2);
    expect(trainAsTest.stderr).toMatch(/--train-split and --test-split are both 'train'/);
    expect((await runCli([...withTest('nowhere'), '--shard', '0/2'])).stderr).toMatch(/imagefolder: .*nowhere is not a folder/);
  });

  it('bad input: one line saying what is wrong, exit 1; bad usage: exit 2', async () => {
    const nan = gaussianClasses(3, 40, 8, [0, 1]);
    nan.train.features.data[17] = NaN;
    await writeFeatures(join(tmp, 'nan'), nan);
    const unseen = gaussianClasses(3, 40, 8, [0, 1]);
    unseen.test.labels[0] = 7;
    await writeFeatures(join(tmp, 'unseen'), unseen);
    for (const [dir, pattern] of [['nan', /train features hold NaN at row 2, column 1/], ['unseen', /test class 7 never appears in train/]] as const) {
      const { code, stderr } = await runCli(['linear-probe', '--features', join(tmp, dir), '--C', '1', '--out', join(tmp, `out-${dir}`)]);
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(pattern);
    }
    expect((await runCli(['linear-probe', '--out', join(tmp, 'x')])).code).toBe(2);
    expect((await runCli(['linear-probe', '--features', good, '--C', '1', '--sweep'])).code).toBe(2);
    const badC = await runCli(['linear-probe', '--features', good, '--C', '1,-2']);
    expect(badC.code).toBe(2);
    expect(badC.stderr).toMatch(/--C 1,-2: expected positive numbers/);
  });
});
