import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { objectnet } from './index.js';
import { collect, datasetFixture } from '../../../../test/helpers/datasets.js';

const ROOT = datasetFixture('objectnet');
const IDS = [
  'images/alarm_clock/0000e4a1b2c3.png',
  'images/alarm_clock/0011e4a1b2c3.png',
  'images/banana/0030e4a1b2c3.png',
  'images/banana/0041e4a1b2c3.png',
];

describe('objectnet adapter', () => {
  it("testbed: ImageNet-class classifier, hits through the mapping, 2-pixel border crop", async () => {
    const ds = await objectnet.open(ROOT, { split: 'testbed' });
    expect(ds.protocol).toBe('testbed');
    expect(ds.classnames).toEqual(['analog clock', 'backpack', 'digital clock', 'banana']);
    expect(ds.labels?.names).toEqual(['Alarm clock', 'Backpack', 'Banana']);
    expect([...ds.labels!.classToLabel]).toEqual([0, 1, 0, 2]);
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, s.label, s.borderCrop])).toEqual([
      [IDS[0], 0, 2],
      [IDS[1], 0, 2],
      [IDS[2], 2, 2],
      [IDS[3], 2, 2],
    ]);
    expect(samples[0]!.source).toEqual({ kind: 'file', path: join(ROOT, 'objectnet-1.0', IDS[0]!) });
  });

  it('clip-benchmark: 113-way style classifier over the lower-cased ObjectNet labels, no crop', async () => {
    const ds = await objectnet.open(join(ROOT, 'objectnet-1.0'), { split: 'clip-benchmark' });
    expect(ds.protocol).toBe('clip-benchmark');
    expect(ds.classnames).toEqual(['alarm clock', 'backpack', 'banana']);
    expect(ds.labels).toBeUndefined();
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, s.label, s.borderCrop])).toEqual([
      [IDS[0], 0, undefined],
      [IDS[1], 0, undefined],
      [IDS[2], 2, undefined],
      [IDS[3], 2, undefined],
    ]);
  });

  it('reports the classes without an ImageNet counterpart and stray files as skips', async () => {
    const ds = await objectnet.open(ROOT, { split: 'testbed' });
    expect(ds.skipped()).toEqual([
      { path: 'images/README.txt', reason: expect.stringContaining('not a class folder') },
      { path: 'images/air_freshener/', reason: expect.stringContaining('"Air freshener" has no ImageNet counterpart') },
    ]);
  });

  it('a missing mapping file is an error naming it and the folder', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'objectnet-'));
    try {
      await cp(join(ROOT, 'objectnet-1.0'), dir, { recursive: true });
      await rm(join(dir, 'mappings', 'pytorch_to_imagenet_2012_id.json'));
      await expect(objectnet.open(dir, { split: 'testbed' })).rejects.toThrow(
        /ObjectNet: mapping file pytorch_to_imagenet_2012_id\.json not found under .*mappings \(expected ObjectNet 1\.0's mappings\/ folder/,
      );
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
