import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { writeTestImage } from '../helpers/images.js';
import { LOCAL_FIXTURES } from '../helpers/shared.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-shards-'));
const TOY = join(LOCAL_FIXTURES, 'models', 'combined');
const images = join(tmp, 'images');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  for (const [c, cls] of ['apple', 'boat', 'cloud', 'dune'].entries()) {
    for (let i = 0; i < 6; i++) await writeTestImage(join(images, cls, `${i}.jpg`), 36 + i, 34 + c, c * 7 + i);
  }
  writeFileSync(join(images, 'boat', '9-broken.jpg'), 'not a jpeg');
});

const common = ['--model', TOY, '--data', images, '--save-embeddings', '--batch-size', '3'];
const shardDir = (i: number) => join(tmp, `shard-${i}`);

/** Values of metrics.json that must not depend on how the run was split. */
function comparable(path: string): Record<string, unknown> {
  const { time: _t, seconds: _s, feature_cache: _f, shard: _sh, merged_from: _m, ...rest } = JSON.parse(readFileSync(path, 'utf8'));
  return rest;
}

describe('sharded zero-shot runs', () => {
  it('4 concurrent shard processes merge into exactly the single-process outputs', async () => {
    const single = await runCli(['zeroshot', ...common, '--out', join(tmp, 'single'), '--cache-dir', join(tmp, 'cache-single')]);
    expect(single.code, single.stderr).toBe(0);
    const runs = await Promise.all([0, 1, 2, 3].map((i) => runCli(['zeroshot', ...common, '--shard', `${i}/4`, '--out', shardDir(i), '--cache-dir', join(tmp, 'cache-shards')])));
    runs.forEach((r) => expect(r.code, r.stderr).toBe(0));
    const merged = await runCli(['merge', '--out', join(tmp, 'merged'), ...[3, 1, 0, 2].map(shardDir)]);
    expect(merged.code, merged.stderr).toBe(0);
    for (const file of ['predictions.csv', 'failures.csv', 'skipped.csv', 'image_embeddings.npy', 'classifier.npy', 'logits.npy']) {
      expect(readFileSync(join(tmp, 'merged', file)).equals(readFileSync(join(tmp, 'single', file))), file).toBe(true);
    }
    expect(comparable(join(tmp, 'merged', 'metrics.json'))).toEqual(comparable(join(tmp, 'single', 'metrics.json')));
    // the calibration figures are recounted from the rows' probabilities, not taken from a shard
    expect(comparable(join(tmp, 'merged', 'metrics.json'))).toHaveProperty('expected_calibration_error');
    expect(readFileSync(join(tmp, 'merged', 'predictions.csv'), 'utf8').split('\n')[0]).toMatch(/,prob_pred,prob_label$/);
  });

  it('refuses a missing shard, a shard given twice, other configs, out-of-range specs and a reused folder', async () => {
    const missing = await runCli(['merge', '--out', join(tmp, 'm1'), shardDir(0), shardDir(1), shardDir(2)]);
    expect(missing.stderr).toMatch(/missing shard\(s\) 3\/4/);
    const twice = await runCli(['merge', '--out', join(tmp, 'm2'), shardDir(0), shardDir(0), shardDir(1), shardDir(2), shardDir(3)]);
    expect(twice.stderr).toMatch(/shard 0\/4 was given twice/);
    const other = await runCli(['zeroshot', ...common, '--templates', 'identity', '--shard', '3/4', '--out', join(tmp, 'other')]);
    expect(other.code).toBe(0);
    const mixed = await runCli(['merge', '--out', join(tmp, 'm3'), shardDir(0), shardDir(1), shardDir(2), join(tmp, 'other')]);
    expect(mixed.stderr).toMatch(/another model or configuration/);
    const range = await runCli(['zeroshot', ...common, '--shard', '4/4', '--out', join(tmp, 'x')]);
    expect(range.code).toBe(2);
    expect(range.stderr).toMatch(/--shard 4\/4 is out of range/);
    const reused = await runCli(['zeroshot', ...common, '--shard', '1/4', '--out', shardDir(0)]);
    expect(reused.stderr).toMatch(/already holds results .*nothing was overwritten/);
    const overwrite = await runCli(['merge', '--out', join(tmp, 'merged'), ...[0, 1, 2, 3].map(shardDir)]);
    expect(overwrite.stderr).toMatch(/already holds a metrics\.json/);
    for (const r of [missing, twice, mixed, reused, overwrite]) expect(r.code).toBe(1);
  });
});
