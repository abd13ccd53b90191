#!/usr/bin/env node
// Preprocessing parity with the reference on the shared fixtures: per image, the mean and max absolute
// difference in 0..255 units, comparing preprocessToUint8 with pixels.npy mapped back by (x * std + mean) * 255.
// Usage: npm run build && node tools/image-parity.mjs [FIXTURES_DIR (default ../shared/fixtures)]
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeNpy } from '../dist/core/npy.js';
import { DEFAULT_PREPROCESS } from '../dist/core/preprocess-config.js';
import { preprocessToUint8 } from '../dist/image/preprocess.js';

const root = process.argv[2] ?? new URL('../../shared/fixtures', import.meta.url).pathname;
const paths = readFileSync(join(root, 'paths.txt'), 'utf8').trim().split('\n');
const { data: reference } = decodeNpy(readFileSync(join(root, 'pixels.npy')), 'pixels.npy');
const { cropSize: size, mean, std } = DEFAULT_PREPROCESS;
const plane = size * size;
let worst = 0;
for (const [row, path] of paths.entries()) {
  const rgb = await preprocessToUint8({ kind: 'file', path: join(root, 'images', path) }, DEFAULT_PREPROCESS);
  let sum = 0;
  let max = 0;
  for (let ch = 0; ch < 3; ch++) {
    for (let i = 0; i < plane; i++) {
      const level = (reference[(row * 3 + ch) * plane + i] * std[ch] + mean[ch]) * 255;
      const d = Math.abs(level - rgb.data[i * 3 + ch]);
      sum += d;
      max = Math.max(max, d);
    }
  }
  worst = Math.max(worst, max);
  console.log(`${path.padEnd(42)} mean ${(sum / (3 * plane)).toFixed(5)}  max ${max.toFixed(5)} levels`);
}
console.log(`worst max ${worst.toFixed(5)} levels (exact tier: <= 1)`);
