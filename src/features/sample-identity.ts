import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ClipEvalError, errorMessage } from '../core/errors.js';
import type { Sample } from '../core/sample.js';

/**
 * The cache identity of a sample's pixels: a file by absolute path, size and mtime (no need to read it);
 * in-memory images by a hash of their bytes. The border crop is part of it (it changes the pixels).
 */
export async function sampleIdentity(sample: Sample): Promise<Buffer> {
  const hash = createHash('sha1');
  const source = sample.source;
  switch (source.kind) {
    case 'file': {
      const path = resolve(source.path);
      let info;
      try {
        info = await stat(path);
      } catch (error) {
        throw new ClipEvalError('IMAGE', `${source.path}: ${errorMessage(error)}`);
      }
      hash.update(`file\0${path}\0${info.size}\0${info.mtimeMs}`);
      break;
    }
    case 'encoded':
      hash.update('encoded\0').update(source.bytes);
      break;
    case 'pixels':
      hash.update(`pixels\0${source.width}x${source.height}x${source.channels}\0`).update(source.data);
      break;
    default: {
      const never: never = source;
      throw new Error(`unknown image source ${JSON.stringify(never)}`);
    }
  }
  hash.update(`\0crop=${sample.borderCrop ?? 0}`);
  return hash.digest();
}
