import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { encodeJpeg, encodePng } from '../../src/image/decode.js';

/** Writes a small deterministic RGB image (a colour gradient seeded by `seed`) as PNG or JPEG. */
export async function writeTestImage(path: string, width: number, height: number, seed: number): Promise<void> {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      data[i] = (x * 255) / width + seed * 40;
      data[i + 1] = (y * 255) / height + seed * 70;
      data[i + 2] = ((x + y) * seed * 13) % 256;
    }
  }
  const image = { width, height, channels: 3 as const, data };
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, path.endsWith('.png') ? await encodePng(image) : await encodeJpeg(image, 90));
}
