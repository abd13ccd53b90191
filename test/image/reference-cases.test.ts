/**
 * Edge cases against the reference (Pillow 9.4 + torchvision 0.14), from tools/make-image-fixtures.py:
 * every file mode, tRNS chunks, 16-bit, CMYK with padding, EXIF, squash, bilinear/nearest, raw pixels.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREPROCESS, type PreprocessConfig } from '../../src/core/preprocess-config.js';
import type { ImageSource } from '../../src/core/sample.js';
import { preprocessToUint8 } from '../../src/image/preprocess.js';
import { maxAbsDiff } from './compare.js';

const DIR = join(import.meta.dirname, '../fixtures/image');
/** One level of an 8-bit sample (the "exact" tier); every case is in fact bit-identical. */
const LEVEL_ATOL = 1;

interface Case {
  readonly name: string;
  readonly source: { kind: 'file'; file: string } | { kind: 'pixels'; pixels: string; width: number; height: number; channels: 1 | 3 | 4 };
  readonly config: Partial<PreprocessConfig> & { borderCrop?: number };
  readonly outWidth: number;
  readonly outHeight: number;
}

const { cases } = JSON.parse(readFileSync(join(DIR, 'cases.json'), 'utf8')) as { cases: Case[] };

function toSource(source: Case['source']): ImageSource {
  if (source.kind === 'file') return { kind: 'file', path: join(DIR, 'images', source.file) };
  const data = new Uint8Array(readFileSync(join(DIR, 'images', source.pixels)));
  return { kind: 'pixels', width: source.width, height: source.height, channels: source.channels, data };
}

describe('reference edge cases', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const { borderCrop, ...config } = c.config;
    const rgb = await preprocessToUint8(toSource(c.source), { ...DEFAULT_PREPROCESS, ...config }, { borderCrop });
    expect([rgb.width, rgb.height, rgb.channels]).toEqual([c.outWidth, c.outHeight, 3]);
    const expected = readFileSync(join(DIR, 'expected', `${c.name}.rgb`));
    expect(maxAbsDiff(rgb.data, expected)).toBeLessThanOrEqual(LEVEL_ATOL);
  });
});
