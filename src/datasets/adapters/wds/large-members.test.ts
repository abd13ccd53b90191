/**
 * Large members: an unused 64 MiB member (sparse on disk) is streamed past without being held, an oversized
 * image or label becomes the sample's skip reason, and a header claiming more bytes than the shard has is
 * named as such.
 */
import { open, mkdtemp, rm, writeFile, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wds } from './index.js';
import { collect, datasetFixture } from '../../../../test/helpers/datasets.js';

/** A ustar header block for a regular file. */
function header(name: string, size: number): Buffer {
  const block = Buffer.alloc(512);
  const field = (offset: number, length: number, value: string) => block.write(value, offset, length, 'latin1');
  field(0, 100, name);
  field(100, 8, '0000644\0');
  field(108, 8, '0000000\0');
  field(116, 8, '0000000\0');
  field(124, 12, `${size.toString(8).padStart(11, '0')}\0`);
  field(136, 12, '00000000000\0');
  field(148, 8, '        ');
  field(156, 1, '0');
  field(257, 6, 'ustar\0');
  field(263, 2, '00');
  let sum = 0;
  for (const byte of block) sum += byte;
  field(148, 8, `${sum.toString(8).padStart(6, '0')}\0 `);
  return block;
}

/** Writes a tar of `members` (data given, or a size whose bytes are a hole: zeros that take no disk). */
async function writeTar(path: string, members: readonly { name: string; data?: Buffer; size?: number }[], end = true): Promise<void> {
  const file = await open(path, 'w');
  let at = 0;
  try {
    for (const m of members) {
      const size = m.data?.length ?? m.size ?? 0;
      await file.write(header(m.name, size), 0, 512, at);
      if (m.data !== undefined) await file.write(m.data, 0, m.data.length, at + 512);
      at += 512 + Math.ceil(size / 512) * 512;
    }
    if (end) await file.write(Buffer.alloc(1024), 0, 1024, at);
    else await file.truncate(at);
  } finally {
    await file.close();
  }
}

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wds-large-'));
  await copyFile(join(datasetFixture('wds'), 'classnames.txt'), join(dir, 'classnames.txt'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('wds large members', () => {
  it('streams past an unused 64 MiB member without holding it, and skips an oversized image and label with why', async () => {
    await writeTar(join(dir, 'big.tar'), [
      { name: 's0.jpg', data: JPEG },
      { name: 's0.cls', data: Buffer.from('1') },
      { name: 's0.bin', size: 64 * 2 ** 20 },
      { name: 's1.jpg', size: 256 * 2 ** 20 + 1 },
      { name: 's1.cls', data: Buffer.from('2') },
      { name: 's2.jpg', data: JPEG },
      { name: 's2.json', size: 2 * 2 ** 20 },
      { name: 's3.jpg', data: JPEG },
      { name: 's3.cls', data: Buffer.from('3') },
    ]);
    const rss = process.memoryUsage().rss;
    const ds = await wds.open(join(dir, 'big.tar'), { split: 'test' });
    const samples = await collect(ds);
    expect(process.memoryUsage().rss - rss).toBeLessThan(150 * 2 ** 20);
    expect(samples.map((s) => [s.id, s.label])).toEqual([['big.tar#s0', 1], ['big.tar#s3', 3]]);
    expect(ds.skipped()).toEqual([
      { path: 'big.tar#s1', reason: 'member s1.jpg is 268435457 bytes (256 MiB), over the 256 MiB a WebDataset image may take; not read' },
      { path: 'big.tar#s2', reason: 'member s2.json is 2097152 bytes (2 MiB), over the 1 MiB a label member may take; not read' },
    ]);
  }, 60_000);

  it('names a member whose header claims more bytes than the shard has', async () => {
    const path = join(dir, 'short.tar');
    await writeTar(path, [{ name: 's0.jpg', data: JPEG }, { name: 's0.cls', data: Buffer.from('1') }, { name: 's1.jpg', size: 3 * 2 ** 30 }]);
    // Cut the file right after the last header: its 3 GiB of data are missing.
    const file = await open(path, 'r+');
    await file.truncate(5 * 512);
    await file.close();
    const ds = await wds.open(path, { split: 'test' });
    await expect(collect(ds)).rejects.toThrow(/short\.tar is truncated or corrupt in member s1\.jpg \(its header claims 3221225472 bytes, the file has 0 left\)/);
  });

  it('still reads an ordinary shard', async () => {
    await writeFile(join(dir, 'one.txt'), '');
    await writeTar(join(dir, 'one.tar'), [{ name: 'a.png', data: JPEG }, { name: 'a.txt', data: Buffer.from('cat') }]);
    expect((await collect(await wds.open(join(dir, 'one.tar'), { split: 'test' }))).map((s) => s.label)).toEqual([3]);
  });
});
