import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cachedFileHash, sha256File } from '../../src/features/file-hash.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-file-hash-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('file hashes', () => {
  it('hash (in a thread of their own for large files) what createHash gives in this one, and are remembered by path, size and mtime', async () => {
    const file = join(tmp, 'graph.onnx');
    // Over the size hashed inline (16 MiB), so that the thread does it; a small file is hashed inline.
    const bytes = Buffer.alloc((16 << 20) + 3).map((_, i) => (i * 31) & 255);
    writeFileSync(file, bytes);
    const expected = createHash('sha256').update(bytes).digest('hex');
    expect(await sha256File(file)).toBe(expected);
    const small = join(tmp, 'vocab.json');
    writeFileSync(small, bytes.subarray(0, 1000));
    expect(await sha256File(small)).toBe(createHash('sha256').update(bytes.subarray(0, 1000)).digest('hex'));
    const cache = join(tmp, 'cache');
    expect(await cachedFileHash(file, cache)).toBe(expected);
    expect(readdirSync(join(cache, 'file-hashes'))).toHaveLength(1);
    expect(await cachedFileHash(file, cache)).toBe(expected);
  });

  it('a missing file fails with the filesystem error', async () => {
    await expect(sha256File(join(tmp, 'missing.onnx'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
