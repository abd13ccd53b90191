/** The worker pool gives the in-process results, keeps error codes across threads, and closes cleanly. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PREPROCESS } from '../../src/core/preprocess-config.js';
import { createPreprocessPool, workerScriptUrl } from '../../src/image/pool.js';
import { preprocessImage } from '../../src/image/preprocess.js';

const IMAGES = join(import.meta.dirname, '../fixtures/image/images');
const config = { ...DEFAULT_PREPROCESS, cropSize: 64, resizeSize: 64 };
const sources = [
  { kind: 'file', path: join(IMAGES, 'photo_640x427.jpg') },
  { kind: 'file', path: join(IMAGES, 'la_alpha_60x60.png') },
  { kind: 'encoded', bytes: new Uint8Array(readFileSync(join(IMAGES, 'cmyk_40x30.jpg'))), name: 'cmyk_40x30.jpg' },
  { kind: 'pixels', width: 32, height: 24, channels: 3, data: new Uint8Array(readFileSync(join(IMAGES, 'pixels_rgb_32x24.u8'))) },
] as const;

describe('workerScriptUrl', () => {
  it('maps src/image/*.ts to the compiled dist/image worker and leaves compiled modules alone', () => {
    expect(workerScriptUrl('file:///repo/src/image/pool.ts').href).toBe('file:///repo/dist/image/preprocess-worker.js');
    expect(workerScriptUrl('file:///repo/dist/image/pool.js').href).toBe('file:///repo/dist/image/preprocess-worker.js');
  });
});

const IMAGE_VALUES = 3 * 64 * 64;

/** Image i of a batch allocated by the pool. */
const slot = (batch: Float32Array, i: number) => batch.subarray(i * IMAGE_VALUES, (i + 1) * IMAGE_VALUES);

describe('createPreprocessPool', () => {
  const pool = createPreprocessPool(config, { workers: 2 });
  afterAll(() => pool.close());

  it('keeps a batch of requests at each worker, so the images are done while the main thread is held (as session.run holds it)', async () => {
    const white = { kind: 'pixels', width: 16, height: 16, channels: 3, data: new Uint8Array(16 * 16 * 3).fill(255) } as const;
    const n = pool.capacity;
    expect(n).toBeGreaterThanOrEqual(32);
    const batch = pool.allocate(n);
    const done = Promise.all(Array.from({ length: n }, (_, i) => pool.preprocess(white, slot(batch, i))));
    // Held synchronously: no reply reaches this thread, so only what the workers were already given gets done.
    const written = () => Array.from({ length: n }, (_, i) => batch[(i + 1) * IMAGE_VALUES - 1]).filter((v) => v !== 0).length;
    const until = performance.now() + 10_000;
    while (written() < n && performance.now() < until);
    expect(written()).toBe(n);
    await done;
  });

  it('writes what preprocessImage returns into shared batch memory, for every source kind and border crop', async () => {
    expect(pool.size).toBe(2);
    const requests = sources.flatMap((source) => [0, 2].map((borderCrop) => ({ source, borderCrop })));
    const batch = pool.allocate(requests.length);
    expect(batch.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(batch.length).toBe(requests.length * IMAGE_VALUES);
    await Promise.all(requests.map((r, i) => pool.preprocess(r.source, slot(batch, i), { borderCrop: r.borderCrop })));
    for (const [i, r] of requests.entries()) {
      expect(slot(batch, i)).toEqual(await preprocessImage(r.source, config, { borderCrop: r.borderCrop }));
    }
  });

  it('rejects with the ClipEvalError from the worker, and keeps working after it', async () => {
    const bad = { kind: 'encoded', bytes: new TextEncoder().encode('not an image'), name: 'notes.jpg' } as const;
    const batch = pool.allocate(1);
    await expect(pool.preprocess(bad, batch)).rejects.toMatchObject({ name: 'ClipEvalError', code: 'IMAGE', message: expect.stringMatching(/^notes\.jpg: /) });
    await pool.preprocess(sources[0], batch);
    expect(batch).toEqual(await preprocessImage(sources[0], config));
  });

  it('rejects a bug inside the worker as a plain Error that keeps the worker stack (not a per-image failure)', async () => {
    // A source kind no reader knows reaches loadPilImage's exhaustive switch: an internal error, not a bad image.
    const bogus = { kind: 'bogus' } as unknown as (typeof sources)[number];
    const error = (await pool.preprocess(bogus, pool.allocate(1)).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(error.name).not.toBe('ClipEvalError');
    expect(error.message).toMatch(/unreachable source/);
    expect(error.stack).toMatch(/load\.js/);
  });

  it('refuses a target that is not one image of shared memory', async () => {
    await expect(pool.preprocess(sources[0], new Float32Array(IMAGE_VALUES))).rejects.toThrow(/must come from pool.allocate/);
    await expect(pool.preprocess(sources[0], pool.allocate(2))).rejects.toThrow(/holds 24576 values, one 64x64 image needs 12288/);
  });

  it('runs in-process with workers: 0 and rejects after close', async () => {
    const inline = createPreprocessPool(config, { workers: 0 });
    expect(inline.size).toBe(0);
    const batch = inline.allocate(1);
    await inline.preprocess(sources[1], batch);
    expect(batch).toEqual(await preprocessImage(sources[1], config));
    await inline.close();
    await expect(inline.preprocess(sources[1], batch)).rejects.toMatchObject({ code: 'IMAGE' });
  });

  it('rejects queued and in-flight requests when closed', async () => {
    const other = createPreprocessPool(config, { workers: 1 });
    const batch = other.allocate(5);
    const settled = Promise.allSettled(Array.from({ length: 5 }, (_, i) => other.preprocess(sources[0], slot(batch, i))));
    await other.close();
    for (const result of await settled) {
      expect(result).toMatchObject({ status: 'rejected', reason: { code: 'IMAGE', message: expect.stringMatching(/closed/) } });
    }
  });

  it('rejects requests after close and validates its arguments', async () => {
    const other = createPreprocessPool(config, { workers: 1 });
    await other.close();
    await expect(other.preprocess(sources[0], other.allocate(1))).rejects.toThrow(/closed/);
    expect(() => createPreprocessPool(config, { workers: -1 })).toThrow(/workers must be a non-negative integer/);
    expect(() => createPreprocessPool({ ...config, cropSize: 0 }, { workers: 0 })).toThrow(/cropSize must be a positive integer/);
  });
});
