/**
 * Parity with the reference (OpenAI CLIP's _transform on Pillow 9.4 / torchvision 0.14) on the shared
 * fixture images: every value within one level (0..255 units) before normalisation. Skips without ../shared.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeNpy } from '../../src/core/npy.js';
import { DEFAULT_PREPROCESS } from '../../src/core/preprocess-config.js';
import { preprocessImage, preprocessToUint8 } from '../../src/image/preprocess.js';
import { maxAbsDiff } from './compare.js';

const FIXTURES = join(import.meta.dirname, '../../../shared/fixtures');
const present = existsSync(join(FIXTURES, 'pixels.npy'));
/** One level of an 8-bit sample: the "exact" tier of fixtures/README.md. */
const LEVEL_ATOL = 1;

describe.skipIf(!present)('shared fixtures parity', () => {
  const paths = present ? readFileSync(join(FIXTURES, 'paths.txt'), 'utf8').trim().split('\n') : [];
  const reference = present ? decodeNpy(readFileSync(join(FIXTURES, 'pixels.npy')), 'pixels.npy') : undefined;
  const { cropSize: size, mean, std } = DEFAULT_PREPROCESS;
  const plane = size * size;

  it.each(paths.map((p, i) => [p, i] as const))('%s matches within one level', async (path, row) => {
    const source = { kind: 'file', path: join(FIXTURES, 'images', path) } as const;
    const rgb = await preprocessToUint8(source, DEFAULT_PREPROCESS);
    const ref = reference!.data as Float32Array;
    // Reference back to 0..255 units, HWC like `rgb`.
    const levels = new Float64Array(3 * plane);
    for (let ch = 0; ch < 3; ch++) {
      for (let i = 0; i < plane; i++) levels[i * 3 + ch] = (ref[(row * 3 + ch) * plane + i]! * std[ch]! + mean[ch]!) * 255;
    }
    expect(maxAbsDiff(levels, rgb.data)).toBeLessThanOrEqual(LEVEL_ATOL);
    // ToTensor + Normalize repeat PyTorch's float32 steps: equal bit for bit where the bytes are.
    const tensor = await preprocessImage(source, DEFAULT_PREPROCESS);
    expect(tensor).toEqual(ref.subarray(row * 3 * plane, (row + 1) * 3 * plane));
  });
});
