import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { decodeNpy, type NpyArray } from '../../src/core/npy.js';

/** ../shared beside the checkout (CI has it); tests that need it skip cleanly without it. */
export const SHARED = fileURLToPath(new URL('../../../shared/', import.meta.url));
export const TINY_CLIP = `${SHARED}models/tiny-random-clip`;
export const FIXTURES = `${SHARED}fixtures`;
export const hasShared = existsSync(`${TINY_CLIP}/onnx/vision_model.onnx`) && existsSync(`${FIXTURES}/pixels.npy`);

/** Test fixtures committed in this repository. */
export const LOCAL_FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function readNpy(path: string): NpyArray {
  return decodeNpy(readFileSync(path), path);
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
