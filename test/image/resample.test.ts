/**
 * The resampler alone against Pillow 9.4's Image.resize (tools/make-image-fixtures.py, seeded noise in
 * every mode and filter), and windowed resizing against full resizing on seeded random data.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Interpolation } from '../../src/core/preprocess-config.js';
import { cropImage, type PilImage, type PilMode } from '../../src/image/pil-image.js';
import { resizeWindow } from '../../src/image/transform.js';
import { maxAbsDiff } from './compare.js';

const DIR = join(import.meta.dirname, '../fixtures/image');

interface ResampleCase {
  readonly mode: PilMode;
  readonly filter: Interpolation;
  readonly width: number;
  readonly height: number;
  readonly outWidth: number;
  readonly outHeight: number;
  readonly channels: 1 | 2 | 3 | 4;
  readonly inputOffset: number;
  readonly outputOffset: number;
}

const { cases } = JSON.parse(readFileSync(join(DIR, 'resample.json'), 'utf8')) as { cases: ResampleCase[] };
const blob = readFileSync(join(DIR, 'resample.bin'));

function samples(c: ResampleCase, offset: number, count: number): Uint8Array | Int32Array {
  const bytes = blob.subarray(offset, offset + count * (c.mode === 'I' ? 4 : 1));
  return c.mode === 'I' ? new Int32Array(new Uint8Array(bytes).buffer) : new Uint8Array(bytes);
}

function image(mode: PilMode, width: number, height: number, channels: 1 | 2 | 3 | 4, data: Uint8Array | Int32Array): PilImage {
  return (mode === 'I' ? { mode, width, height, channels: 1, data } : { mode, width, height, channels, data }) as PilImage;
}

/** A tiny seeded generator (mulberry32), so failures reproduce. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('Pillow Image.resize parity', () => {
  it.each(cases.map((c) => [`${c.mode} ${c.filter} ${c.width}x${c.height} -> ${c.outWidth}x${c.outHeight}`, c] as const))('%s', (_label, c) => {
    const input = image(c.mode, c.width, c.height, c.channels, samples(c, c.inputOffset, c.width * c.height * c.channels));
    const expected = samples(c, c.outputOffset, c.outWidth * c.outHeight * c.channels);
    const full = { left: 0, top: 0, width: c.outWidth, height: c.outHeight };
    const out = resizeWindow(input, c.outWidth, c.outHeight, c.filter, full);
    expect(maxAbsDiff(out.data, expected)).toBe(0);
  });
});

describe('windowed resize', () => {
  const modes = ['L', 'LA', 'RGB', 'RGBA', 'CMYK', 'I', 'P'] as const;
  const filters = ['bicubic', 'bilinear', 'nearest'] as const;
  it('equals the same window of a full resize (seeded random images, sizes, windows)', () => {
    const next = random(12345);
    const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
    for (let trial = 0; trial < 200; trial++) {
      const mode = modes[trial % modes.length]!;
      const channels = mode === 'I' || mode === 'L' ? 1 : mode === 'LA' ? 2 : mode === 'RGB' ? 3 : 4;
      const [w, h, ow, oh] = [int(1, 40), int(1, 40), int(1, 60), int(1, 60)];
      const data = mode === 'I' ? Int32Array.from({ length: w * h }, () => int(-500, 70000)) : Uint8Array.from({ length: w * h * channels }, () => int(0, 255));
      const input = image(mode, w, h, channels, data);
      const filter = filters[int(0, 2)]!;
      const left = int(0, ow - 1);
      const top = int(0, oh - 1);
      const win = { left, top, width: int(1, ow - left), height: int(1, oh - top) };
      const full = resizeWindow(input, ow, oh, filter, { left: 0, top: 0, width: ow, height: oh });
      const part = resizeWindow(input, ow, oh, filter, win);
      const label = `${mode} ${filter} ${w}x${h} -> ${ow}x${oh} window ${JSON.stringify(win)}`;
      expect(maxAbsDiff(part.data, cropImage(full, win.left, win.top, win.width, win.height).data), label).toBe(0);
    }
  });
});
