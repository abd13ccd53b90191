import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { splitKey, wds } from './index.js';
import { collect, datasetFixture } from '../../../../test/helpers/datasets.js';

const ROOT = datasetFixture('wds');
const SHARDS = join(ROOT, 'test');
const EXPECTED = [
  ['shard-000000.tar#s0000', 0],
  ['shard-000000.tar#s0001', 3],
  ['shard-000000.tar#s0002', 2], // .txt "bird"
  ['shard-000000.tar#s0003', 1], // .json {"label": 1}
  ['shard-000000.tar#s0004', 3], // .json {"label": "Cat"}, case-insensitive
  ['shard-000000.tar#s0005', 2],
  ['shard-000001.tar#s0100', 1],
  ['shard-000002.tar#s0200', 2],
  ['shard-000002.tar#dir/s0201', 0],
];

const JPEG_MAGIC = [0xff, 0xd8, 0xff];

describe('wds adapter', () => {
  it('groups members by key and yields shard order, then member order, while reading shards concurrently', async () => {
    const ds = await wds.open(ROOT, { split: 'test' });
    expect(ds.classnames).toEqual(['airplane', 'automobile', 'bird', 'cat']);
    expect(ds.size).toBeUndefined();
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, s.label])).toEqual(EXPECTED);
    const first = samples[0]!.source;
    expect(first.kind).toBe('encoded');
    if (first.kind !== 'encoded') return;
    expect(first.name).toBe('shard-000000.tar/s0000.jpg');
    expect([...first.bytes.subarray(0, 3)]).toEqual(JPEG_MAGIC);
  });

  it('reports members and samples it cannot use', async () => {
    const ds = await wds.open(ROOT, { split: 'test' });
    await collect(ds);
    // README does not end the open sample s0101 (WebDataset skips such members inside a group), so it is reported first.
    expect(ds.skipped()).toEqual([
      { path: 'shard-000001.tar/README', reason: 'member name has no extension' },
      { path: 'shard-000001.tar#s0101', reason: 'no label member (.cls, .json or .txt)' },
      { path: 'shard-000001.tar#s0102', reason: 'label 7 is outside the 4 classes of classnames.txt' },
    ]);
    await collect(ds); // a second pass reports the same, not twice as many
    expect(ds.skipped()).toHaveLength(3);
  });

  it('accepts a brace pattern, a single shard and the shard folder as --data', async () => {
    const pattern = await wds.open(join(SHARDS, 'shard-{000001..000002}.tar'), { split: 'test' });
    expect((await collect(pattern)).map((s) => s.id)).toEqual(EXPECTED.slice(6).map((e) => e[0]));
    const single = await wds.open(join(SHARDS, 'shard-000002.tar'), { split: 'test' });
    expect((await collect(single)).map((s) => s.label)).toEqual([2, 0]);
    expect((await collect(await wds.open(SHARDS, { split: 'test' }))).map((s) => s.id)).toEqual(EXPECTED.map((e) => e[0]));
  });

  it('stops reading when the consumer stops', async () => {
    const ds = await wds.open(ROOT, { split: 'test' });
    const ids: string[] = [];
    for await (const sample of ds.samples()) {
      ids.push(sample.id);
      if (ids.length === 2) break;
    }
    expect(ids).toEqual(EXPECTED.slice(0, 2).map((e) => e[0]));
  });

  it('a shard cut inside a member is an error naming the shard and the member', async () => {
    const ds = await wds.open(datasetFixture('wds-truncated'), { split: 'test' });
    const seen: string[] = [];
    const run = async () => {
      for await (const sample of ds.samples()) seen.push(sample.id);
    };
    await expect(run()).rejects.toThrow(/wds: .*shard-000001\.tar is truncated or corrupt in member t0101\.jpg/);
    expect(seen).toEqual(['shard-000000.tar#t0000', 'shard-000001.tar#t0100']);
  });

  it('a shard cut at a member boundary (no end-of-archive marker) is an error too', async () => {
    const ds = await wds.open(datasetFixture('wds-truncated-boundary'), { split: 'test' });
    await expect(collect(ds)).rejects.toThrow(/shard-000000\.tar is truncated after member b0001\.jpg \(no end-of-archive marker/);
  });

  it('names what it expected for a missing shard and a missing classnames.txt', async () => {
    await expect(wds.open(join(SHARDS, 'shard-{000002..000003}.tar'), { split: 'test' })).rejects.toThrow(/shard .*shard-000003\.tar of the pattern .* does not exist/);
    const dir = await mkdtemp(join(tmpdir(), 'wds-'));
    try {
      await cp(join(SHARDS, 'shard-000002.tar'), join(dir, 'shards', 'shard-000002.tar'));
      await expect(wds.open(join(dir, 'shards'), { split: 'test' })).rejects.toThrow(/no classnames\.txt in .*shards or .*wds-\w+ \(expected one class name per line/);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

describe('splitKey', () => {
  it('splits at the first dot of the file name, as WebDataset does', () => {
    expect(splitKey('a/b.seg.png')).toEqual(['a/b', 'seg.png']);
    expect(splitKey('x.y/s01.JPG')).toEqual(['x.y/s01', 'jpg']);
    expect(splitKey('README')).toBeUndefined();
    expect(splitKey('dir/.hidden')).toBeUndefined();
  });
});
