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

describe('createPreprocessPool', () => {
  const pool = createPreprocessPool(config, { workers: 2 });
  afterAll(() => pool.close());

  it('returns what preprocessImage returns, for every source kind and border crop', async () => {
    expect(pool.size).toBe(2);
    const requests = sources.flatMap((source) => [0, 2].map((borderCrop) => ({ source, borderCrop })));
    const pooled = await Promise.all(requests.map((r) => pool.preprocess(r.source, { borderCrop: r.borderCrop })));
    for (const [i, r] of requests.entries()) {
      const direct = await preprocessImage(r.source, config, { borderCrop: r.borderCrop });
      expect(pooled[i]).toEqual(direct);
      expect(pooled[i]!.length).toBe(3 * 64 * 64);
    }
  });

  it('rejects with the ClipEvalError from the worker, and keeps working after it', async () => {
    const bad = { kind: 'encoded', bytes: new TextEncoder().encode('not an image'), name: 'notes.jpg' } as const;
    await expect(pool.preprocess(bad)).rejects.toMatchObject({ name: 'ClipEvalError', code: 'IMAGE', message: expect.stringMatching(/^notes\.jpg: /) });
    await expect(pool.preprocess(sources[0])).resolves.toHaveLength(3 * 64 * 64);
  });

  it('runs in-process with workers: 0 and rejects after close', async () => {
    const inline = createPreprocessPool(config, { workers: 0 });
    expect(inline.size).toBe(0);
    expect(await inline.preprocess(sources[1])).toEqual(await preprocessImage(sources[1], config));
    await inline.close();
    await expect(inline.preprocess(sources[1])).rejects.toMatchObject({ code: 'IMAGE' });
  });

  it('rejects queued and in-flight requests when closed', async () => {
    const other = createPreprocessPool(config, { workers: 1 });
    const settled = Promise.allSettled(Array.from({ length: 5 }, () => other.preprocess(sources[0])));
    await other.close();
    for (const result of await settled) {
      expect(result).toMatchObject({ status: 'rejected', reason: { code: 'IMAGE', message: expect.stringMatching(/closed/) } });
    }
  });

  it('rejects requests after close and validates its arguments', async () => {
    const other = createPreprocessPool(config, { workers: 1 });
    await other.close();
    await expect(other.preprocess(sources[0])).rejects.toThrow(/closed/);
    expect(() => createPreprocessPool(config, { workers: -1 })).toThrow(/workers must be a non-negative integer/);
    expect(() => createPreprocessPool({ ...config, cropSize: 0 }, { workers: 0 })).toThrow(/cropSize must be a positive integer/);
  });
});
