import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Sample } from '../../../core/sample.js';
import { imagefolder } from './index.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-imagefolder-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** Listing reads names only, so the files need no image content. */
function touch(root: string, ...paths: string[]): void {
  for (const path of paths) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), '');
  }
}

async function collect(samples: AsyncIterable<Sample>): Promise<Sample[]> {
  const out: Sample[] = [];
  for await (const s of samples) out.push(s);
  return out;
}

describe('imagefolder', () => {
  it('labels by sorted folder name, orders files by path, reports what it does not read', async () => {
    const root = join(tmp, 'a');
    touch(root, 'golden_retriever/b.jpg', 'golden_retriever/a.png', 'golden_retriever/nested/c.webp', 'cat/x.JPEG', 'cat/notes.txt', 'README.md', '.hidden/z.jpg');
    mkdirSync(join(tmp, 'elsewhere'));
    touch(join(tmp, 'elsewhere'), 'dog/d.jpg');
    symlinkSync(join(tmp, 'elsewhere', 'dog'), join(root, 'dog'));

    const opened = await imagefolder.open(root, { split: '.' });
    expect(opened.classnames).toEqual(['cat', 'dog', 'golden retriever']);
    expect(opened.size).toBe(5);
    const samples = await collect(opened.samples());
    expect(samples.map((s) => [s.id, s.label])).toEqual([
      ['cat/x.JPEG', 0],
      ['dog/d.jpg', 1],
      ['golden_retriever/a.png', 2],
      ['golden_retriever/b.jpg', 2],
      ['golden_retriever/nested/c.webp', 2],
    ]);
    expect(samples[0]!.source).toEqual({ kind: 'file', path: join(root, 'cat/x.JPEG') });
    expect(opened.skipped().map((s) => s.path).sort()).toEqual(['README.md', 'cat/notes.txt']);
    // The listing is read again as each folder is reached: a second pass gives the same samples.
    expect(await collect(opened.samples())).toEqual(samples);
  });

  it('a class folder that changes between opening and reading stops the run with the folder named', async () => {
    const root = join(tmp, 'b');
    touch(root, 'a/1.jpg', 'b/1.jpg');
    const opened = await imagefolder.open(root, { split: '.' });
    touch(root, 'b/2.jpg');
    await expect(collect(opened.samples())).rejects.toThrow(/b changed during the run \(1 images when the dataset was opened, 2 now\)/);
  });

  it('errors name the folder and what was expected', async () => {
    await expect(imagefolder.open(join(tmp, 'nope'), { split: '.' })).rejects.toThrow(/nope is not a folder/);
    touch(join(tmp, 'flat'), 'x.jpg');
    await expect(imagefolder.open(join(tmp, 'flat'), { split: '.' })).rejects.toThrow(/no class folders in .*flat \(expected one sub-folder per class/);
    touch(join(tmp, 'empty'), 'a/readme.txt');
    await expect(imagefolder.open(join(tmp, 'empty'), { split: '.' })).rejects.toThrow(/the 1 class folders under .*empty hold no image files/);
  });
});
