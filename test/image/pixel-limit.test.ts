/**
 * --max-pixels: a decompression bomb (a 16000x16000 PNG of a few MB) fails from its header before a pixel
 * is decoded, with a reason that says it is the pixel limit; the per-thread pixel budget bounds what is held.
 */
import { once } from 'node:events';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDeflate, crc32 } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULTS } from '../../src/config/defaults.js';
import { DEFAULT_PREPROCESS } from '../../src/core/preprocess-config.js';
import { PixelBudget } from '../../src/image/pixel-budget.js';
import { createPreprocessPool } from '../../src/image/pool.js';
import { preprocessImage } from '../../src/image/preprocess.js';

const PHOTO = readFileSync(join(import.meta.dirname, '../fixtures/image/images/photo_640x427.jpg'));
const config = { ...DEFAULT_PREPROCESS, cropSize: 32, resizeSize: 32 };
const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-pixels-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A complete, valid solid-black 8-bit RGB PNG, deflated as a stream (a few MB of memory, not 768). */
async function solidPng(width: number, height: number): Promise<Buffer> {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const deflate = createDeflate({ level: 1 });
  const parts: Buffer[] = [];
  deflate.on('data', (d: Buffer) => parts.push(d));
  const row = Buffer.alloc(1 + width * 3);
  for (let y = 0; y < height; y++) if (!deflate.write(row)) await once(deflate, 'drain');
  deflate.end();
  await once(deflate, 'end');
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', Buffer.concat(parts)), chunk('IEND', Buffer.alloc(0))]);
}

const pixelLimit = (pattern: RegExp) => ({ name: 'ClipEvalError', code: 'IMAGE', message: expect.stringMatching(pattern) });

describe('the pixel limit', () => {
  it("defaults to Pillow's decompression-bomb error threshold, 2 x Image.MAX_IMAGE_PIXELS", () => {
    expect(DEFAULTS.maxPixels).toBe(2 * 89_478_485);
  });

  it('fails a 16000x16000 PNG of a few MB from its header, fast and without decoding it', async () => {
    const bomb = await solidPng(16000, 16000);
    expect(bomb.length).toBeLessThan(4_000_000); // deflate level 1 (fast to make); level 9 gives about 0.75 MB
    const rss = process.memoryUsage().rss;
    const started = performance.now();
    await expect(preprocessImage({ kind: 'encoded', bytes: bomb, name: 'bomb.png' }, config)).rejects.toMatchObject(
      pixelLimit(/^bomb\.png: 16000x16000 image \(256,000,000 pixels\) is over the pixel limit of 178,956,970 \(--max-pixels.*raise --max-pixels/),
    );
    expect(performance.now() - started).toBeLessThan(2000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 2 ** 20);
    // On disk, the header is read from the file before the file is read whole.
    const path = join(tmp, 'bomb.png');
    writeFileSync(path, bomb);
    await expect(preprocessImage({ kind: 'file', path }, config)).rejects.toMatchObject(pixelLimit(/bomb\.png: 16000x16000 image .* over the pixel limit/));
  }, 30_000);

  it('does not wait on a FIFO given as an image file', async () => {
    const path = join(tmp, 'pipe.jpg');
    execFileSync('mkfifo', [path]);
    await expect(preprocessImage({ kind: 'file', path }, config)).rejects.toMatchObject(pixelLimit(/pipe\.jpg: not a regular file \(a FIFO/));
  });

  it('applies a lower --max-pixels to encoded images and raw pixels, and says so instead of "cannot decode"', async () => {
    const photo = preprocessImage({ kind: 'encoded', bytes: PHOTO, name: 'photo.jpg' }, config, { maxPixels: 100_000 });
    await expect(photo).rejects.toMatchObject(pixelLimit(/^photo\.jpg: 640x427 image \(273,280 pixels\) is over the pixel limit of 100,000/));
    await expect(photo).rejects.not.toThrow(/check that the file is a complete/);
    const raw = { kind: 'pixels', width: 20, height: 10, channels: 1, data: new Uint8Array(200) } as const;
    await expect(preprocessImage(raw, config, { maxPixels: 199 })).rejects.toMatchObject(pixelLimit(/20x10 raw image is over the pixel limit of 199/));
    expect((await preprocessImage({ kind: 'encoded', bytes: PHOTO, name: 'photo.jpg' }, config, { maxPixels: 640 * 427 })).length).toBe(3 * 32 * 32);
  });

  const pool = createPreprocessPool(config, { workers: 1, maxPixels: 100_000 });
  afterAll(() => pool.close());
  it('travels to the worker threads', async () => {
    expect(pool.capacity).toBe(16);
    await expect(pool.preprocess({ kind: 'encoded', bytes: PHOTO, name: 'photo.jpg' }, pool.allocate(1))).rejects.toMatchObject(pixelLimit(/over the pixel limit of 100,000/));
  });

  it('is checked as a positive integer', () => {
    expect(() => createPreprocessPool(config, { workers: 0, maxPixels: 0 })).toThrow(/--max-pixels must be a positive integer/);
  });
});

describe('PixelBudget', () => {
  it('holds at most its capacity at once (one image always passes), first come first served', async () => {
    const budget = new PixelBudget(100);
    let held = 0;
    let peak = 0;
    const order: number[] = [];
    const task = (id: number, pixels: number) =>
      budget.with(pixels, async () => {
        held += pixels;
        peak = Math.max(peak, held);
        order.push(id);
        await new Promise((r) => setTimeout(r, 5));
        held -= pixels;
      });
    await Promise.all([task(0, 60), task(1, 60), task(2, 30), task(3, 150), task(4, 10)]);
    expect(peak).toBeLessThanOrEqual(150);
    expect(order).toEqual([0, 1, 2, 3, 4]);
    await budget.with(1, async () => undefined); // nothing left held
  });
});
