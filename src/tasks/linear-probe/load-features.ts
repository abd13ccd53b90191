import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipEvalError } from '../../core/errors.js';
import { decodeNpy } from '../../core/npy.js';
import { matrix } from '../../core/tensor.js';
import type { LabelledSplit } from './validate.js';

async function readNpy(path: string) {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (error) {
    throw new ClipEvalError('INPUT', `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}; --features needs train_x.npy, train_y.npy, test_x.npy and test_y.npy`);
  }
  return decodeNpy(bytes, path);
}

/** Reads `<split>_x.npy` (float32 [N, D]) and `<split>_y.npy` (int64 or int32 [N]) from a folder. */
export async function loadFeatureSplit(dir: string, split: 'train' | 'test'): Promise<LabelledSplit> {
  const xPath = join(dir, `${split}_x.npy`);
  const yPath = join(dir, `${split}_y.npy`);
  // One after the other, so that a missing folder is always reported by its first file.
  const x = await readNpy(xPath);
  const y = await readNpy(yPath);
  if (x.dtype !== 'float32' || x.shape.length !== 2) {
    throw new ClipEvalError('INPUT', `${xPath}: expected a float32 [N, D] array, got ${x.dtype} [${x.shape.join(', ')}]; save it with np.asarray(x, dtype=np.float32)`);
  }
  if (y.dtype === 'float32' || y.shape.length !== 1) {
    throw new ClipEvalError('INPUT', `${yPath}: expected an int64 [N] label array, got ${y.dtype} [${y.shape.join(', ')}]`);
  }
  const labels = new Int32Array(y.data.length);
  for (let i = 0; i < labels.length; i++) {
    const label = Number(y.data[i]!);
    if (label < 0 || label > 0x7fffffff) throw new ClipEvalError('INPUT', `${yPath}: label ${label} at row ${i} is not a class index (expected 0, 1, 2, ...)`);
    labels[i] = label;
  }
  return { features: matrix(x.data, x.shape[0]!, x.shape[1]!), labels };
}
