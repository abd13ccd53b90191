/**
 * Symbolic links, link loops, broken links and FIFOs in folder layouts: links to files are followed (a folder
 * of links into shared storage is common on clusters); everything else is listed as a skip with its reason.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listClassFolders, folderSamples } from '../../../src/datasets/layouts/class-folders.js';
import { listedImages } from '../../../src/datasets/layouts/listed-files.js';
import { listImages } from '../../../src/datasets/layouts/image-files.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-special-'));
const root = join(tmp, 'data');

beforeAll(() => {
  mkdirSync(join(tmp, 'store'), { recursive: true });
  writeFileSync(join(tmp, 'store', 'b.png'), 'png bytes');
  mkdirSync(join(tmp, 'store', 'more'), { recursive: true });
  writeFileSync(join(tmp, 'store', 'more', 'x.jpg'), 'jpg bytes');
  mkdirSync(join(root, 'cat'), { recursive: true });
  mkdirSync(join(tmp, 'dog-elsewhere'), { recursive: true });
  writeFileSync(join(tmp, 'dog-elsewhere', 'd.jpg'), 'jpg bytes');
  writeFileSync(join(root, 'cat', 'a.png'), 'png bytes');
  symlinkSync(join(tmp, 'store', 'b.png'), join(root, 'cat', 'link.png'));
  symlinkSync('loop.png', join(root, 'cat', 'loop.png'));
  symlinkSync('missing.png', join(root, 'cat', 'broken.png'));
  symlinkSync(join(tmp, 'store', 'more'), join(root, 'cat', 'sub'));
  execFileSync('mkfifo', [join(root, 'cat', 'pipe.png')]);
  symlinkSync('pipe.png', join(root, 'cat', 'to-pipe.png'));
  symlinkSync(join(tmp, 'dog-elsewhere'), join(root, 'dog'));
  execFileSync('mkfifo', [join(root, 'fifo')]);
  symlinkSync('self', join(root, 'self'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const expectedCatSkips = [
  { path: 'cat/broken.png', reason: 'broken symbolic link (its target does not exist)' },
  { path: 'cat/loop.png', reason: 'symbolic link loop (ELOOP), not followed' },
  { path: 'cat/pipe.png', reason: 'a FIFO (named pipe), not a regular file' },
  { path: 'cat/sub/', reason: 'symbolic link to a folder inside a class folder, not followed' },
  { path: 'cat/to-pipe.png', reason: 'symbolic link to a FIFO (named pipe), not a regular file' },
];

describe('listImages', () => {
  it('follows links to files and lists loops, broken links, links to folders and FIFOs as skips', async () => {
    const { files, skipped } = await listImages(join(root, 'cat'), root);
    expect(files).toEqual(['cat/a.png', 'cat/link.png']);
    expect(skipped).toEqual(expectedCatSkips);
  });
});

describe('listClassFolders', () => {
  it('follows a linked class folder, skips a FIFO and a looping link at the top with their reasons', async () => {
    const labels: Record<string, number> = { cat: 0, dog: 1 };
    const listing = await listClassFolders(root, root, (f) => (f in labels ? { label: labels[f]! } : { skip: 'unknown class' }));
    expect(listing.size).toBe(3);
    expect(listing.skipped).toEqual(
      expect.arrayContaining([
        { path: 'fifo', reason: 'not a class folder: a FIFO (named pipe), not a regular file (expected one folder per class)' },
        { path: 'self', reason: 'not a class folder: symbolic link loop (ELOOP), not followed (expected one folder per class)' },
        ...expectedCatSkips,
      ]),
    );
    expect(listing.skipped).toHaveLength(2 + expectedCatSkips.length);
    const ids: string[] = [];
    for await (const sample of folderSamples(listing.images())) ids.push(sample.id);
    expect(ids).toEqual(['cat/a.png', 'cat/link.png', 'dog/d.jpg']);
  });
});

describe('listedImages', () => {
  it('takes a listed link to a file (and a file below a linked folder) and says why a listed loop, broken link or FIFO is skipped', async () => {
    const lines = ['a.png', 'link.png', 'loop.png', 'broken.png', 'pipe.png', 'gone.png', 'sub/x.jpg'].map((text, i) => ({ where: `list.txt:${i + 1}`, text }));
    const { images, skipped } = await listedImages(lines, join(root, 'cat'), root, (file) => ({ file, label: 0 }));
    expect(images.map((i) => i.id)).toEqual(['cat/a.png', 'cat/link.png', 'cat/sub/x.jpg']);
    expect(skipped).toEqual([
      { path: 'cat/loop.png', reason: 'listed in list.txt:3 but symbolic link loop (ELOOP), not followed' },
      { path: 'cat/broken.png', reason: 'listed in list.txt:4 but broken symbolic link (its target does not exist)' },
      { path: 'cat/pipe.png', reason: 'listed in list.txt:5 but a FIFO (named pipe), not a regular file' },
      { path: 'cat/gone.png', reason: 'listed in list.txt:6 but the file is missing' },
    ]);
  });
});
