import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../src/core/errors.js';
import { fileSystemError, readJsonObject, removeStaleTempFiles, tempFileOwner, tempSibling, writeFileAtomic } from '../../src/core/fs.js';
import { FeatureStore } from '../../src/features/store.js';
import { ZeroShotWriter } from '../../src/tasks/zeroshot/writer.js';

const root = mkdtempSync(join(tmpdir(), 'clip-eval-fs-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** The pid of a process that has exited (so surely not a live writer). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(child.stdout.toString());
}

function touch(path: string, ageMs: number): void {
  writeFileSync(path, 'x');
  const t = (Date.now() - ageMs) / 1000;
  utimesSync(path, t, t);
}

describe('filesystem errors and leftovers', () => {
  it('an errno error on a known path is a one-line ClipEvalError; others are not', () => {
    const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write', path: '/x/y' });
    const known = fileSystemError(enospc);
    expect(known).toBeInstanceOf(ClipEvalError);
    expect(known!.message).toBe('cannot write /x/y: no space left on the device (free some space or choose another place)');
    const handleWrite = Object.assign(new Error('ENOSPC'), { code: 'ENOSPC', syscall: 'write' });
    expect(fileSystemError(handleWrite, undefined, 'writing to --out o')!.message).toMatch(/cannot write \(writing to --out o\): no space left/);
    expect(fileSystemError(Object.assign(new Error('EACCES'), { code: 'EACCES', syscall: 'open' }))).toBeUndefined();
    expect(fileSystemError(new TypeError('a bug'))).toBeUndefined();
  });

  it('writeFileAtomic names the file on failure; readJsonObject names empty, truncated and null files', async () => {
    writeFileSync(join(root, 'file'), 'x');
    await expect(writeFileAtomic(join(root, 'file', 'below.json'), '{}')).rejects.toThrow(/file.*a part of the path is a file|file: .*already exists|ENOTDIR|EEXIST/);
    await expect(writeFileAtomic(join(root, 'file', 'below.json'), '{}')).rejects.toBeInstanceOf(ClipEvalError);
    for (const [name, text, message] of [['empty.json', '', /empty\.json is not valid JSON \(the file is empty\)/], ['cut.json', '{"a": ', /cut\.json is not valid JSON/], ['null.json', 'null', /null\.json holds null/]] as const) {
      writeFileSync(join(root, name), text);
      await expect(readJsonObject(join(root, name), 'metrics')).rejects.toThrow(message);
    }
  });

  it("removes a killed run's temporary files, never a live or fresh one", async () => {
    const dir = join(root, 'tmps');
    mkdirSync(dir);
    const mine = tempSibling(join(dir, 'a.json')).split('/').pop()!;
    const owner = tempFileOwner(mine)!;
    expect(owner.pid).toBe(process.pid);
    const dead = deadPid();
    const stale = mine.replace(`.${process.pid}@`, `.${dead}@`);
    const fresh = mine.replace(`.${process.pid}@`, `.${dead}@`).replace('.tmp', '').replace(/[0-9a-f]{8}$/, 'ffffffff') + '.tmp';
    const live = mine.replace(`.${process.pid}@`, `.${process.ppid}@`);
    touch(join(dir, stale), 3600_000);
    touch(join(dir, fresh), 0);
    touch(join(dir, live), 3600_000);
    touch(join(dir, mine), 3600_000);
    touch(join(dir, 'a.json'), 3600_000);
    expect(await removeStaleTempFiles(dir)).toEqual([stale]);
    for (const kept of [fresh, live, mine, 'a.json']) expect(existsSync(join(dir, kept)), kept).toBe(true);
  });

  it('a feature store removes orphan chunks of dead writers; a zeroshot run removes stale streamed .npy files', async () => {
    const dir = join(root, 'store');
    const store = await FeatureStore.open(dir, { test: true });
    for (let i = 0; i < 3; i++) await store.put(Buffer.alloc(20, i), new Float32Array([i, 1]));
    await store.close();
    const chunks = join(dir, 'chunks');
    const dead = deadPid();
    const orphan = `zzzz-${dead}-0-abcdef.npy`;
    const young = `zzzz-${dead}-1-abcdef.npy`;
    touch(join(chunks, orphan), 3600_000);
    touch(join(chunks, young), 0);
    const reopened = await FeatureStore.open(dir, { test: true });
    expect(reopened.size).toBe(3);
    expect(existsSync(join(chunks, orphan))).toBe(false);
    expect(existsSync(join(chunks, young))).toBe(true);

    const out = join(root, 'zs');
    mkdirSync(out);
    touch(join(out, `image_embeddings.npy.${dead}.partial`), 3600_000);
    touch(join(out, `image_embeddings.npy.${process.ppid}.partial`), 3600_000);
    const writer = await ZeroShotWriter.open(out, { labelNames: ['a'], attributes: [], saveEmbeddings: false });
    await writer.abort();
    expect(existsSync(join(out, `image_embeddings.npy.${dead}.partial`))).toBe(false);
    expect(existsSync(join(out, `image_embeddings.npy.${process.ppid}.partial`))).toBe(true);
    expect(existsSync(join(out, 'predictions.csv.partial'))).toBe(false);
  });
});
