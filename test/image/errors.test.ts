/** Unreadable, empty, corrupt, truncated and unsupported inputs reject with ClipEvalError('IMAGE', '<name>: <reason>'). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREPROCESS } from '../../src/core/preprocess-config.js';
import { preprocessImage } from '../../src/image/preprocess.js';

const PHOTO = readFileSync(join(import.meta.dirname, '../fixtures/image/images/photo_640x427.jpg'));
const dir = mkdtempSync(join(tmpdir(), 'clip-eval-image-'));

function imageError(pattern: RegExp) {
  return { name: 'ClipEvalError', code: 'IMAGE', message: expect.stringMatching(pattern) };
}

describe('image failures', () => {
  it('names a truncated JPEG', async () => {
    const path = join(dir, 'truncated.jpg');
    writeFileSync(path, PHOTO.subarray(0, Math.floor(PHOTO.length / 2)));
    await expect(preprocessImage({ kind: 'file', path }, DEFAULT_PREPROCESS)).rejects.toMatchObject(imageError(new RegExp(`^${path}: cannot decode`)));
  });

  it('names a zero-byte file', async () => {
    const path = join(dir, 'empty.jpg');
    writeFileSync(path, '');
    await expect(preprocessImage({ kind: 'file', path }, DEFAULT_PREPROCESS)).rejects.toMatchObject(imageError(/empty\.jpg: empty file \(0 bytes\)/));
  });

  it('names a text file called .jpg', async () => {
    const path = join(dir, 'readme.jpg');
    writeFileSync(path, 'this is not a JPEG\n');
    await expect(preprocessImage({ kind: 'file', path }, DEFAULT_PREPROCESS)).rejects.toMatchObject(imageError(/readme\.jpg: cannot decode image \(.*\); check that the file is/));
  });

  it('names a missing file', async () => {
    const path = join(dir, 'missing.png');
    await expect(preprocessImage({ kind: 'file', path }, DEFAULT_PREPROCESS)).rejects.toMatchObject(imageError(/missing\.png: cannot read image file \(.*ENOENT/));
  });

  it('names in-memory bytes by their name', async () => {
    const source = { kind: 'encoded', bytes: PHOTO.subarray(0, 300), name: 'shard-0001.tar/img.jpg' } as const;
    await expect(preprocessImage(source, DEFAULT_PREPROCESS)).rejects.toMatchObject(imageError(/^shard-0001\.tar\/img\.jpg: cannot decode/));
  });

  it('rejects raw pixels whose length does not match their shape', async () => {
    const source = { kind: 'pixels', width: 4, height: 4, channels: 3, data: new Uint8Array(47) } as const;
    await expect(preprocessImage(source, DEFAULT_PREPROCESS)).rejects.toMatchObject(imageError(/^raw pixels 4x4x3: needs 48 bytes/));
  });

  it('rejects a border crop that leaves nothing', async () => {
    const source = { kind: 'pixels', width: 4, height: 4, channels: 1, data: new Uint8Array(16) } as const;
    await expect(preprocessImage(source, DEFAULT_PREPROCESS, { borderCrop: 2 })).rejects.toMatchObject(imageError(/leaves nothing of a 4x4 image/));
  });
});
