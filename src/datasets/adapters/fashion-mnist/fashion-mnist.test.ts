import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Sample } from '../../../core/sample.js';
import { fashionMnist } from './index.js';

/** Debian's dataset-fashion-mnist package (apt-get install dataset-fashion-mnist); skipped where it is not installed. */
const DEBIAN_FASHION_MNIST = '/usr/share/datasets/fashion-mnist';

describe.skipIf(!existsSync(`${DEBIAN_FASHION_MNIST}/t10k-images-idx3-ubyte.gz`))('real Fashion-MNIST (Debian package)', () => {
  // SHA-256 of each split's first 28x28 image as NumPy reads it from the same files.
  it.each([
    ['train', 60000, '5bd44e331a6d6998daf675700cd0c13dcd7af8ab954b7585124124da61459e7b'],
    ['test', 10000, 'ffc7351ed0f8bae542820866086177fa4e0b366b97bf9d998dffdb8dbe138787'],
  ] as const)('reads all %s images, a tenth per class', async (split, count, sha256) => {
    const ds = await fashionMnist.open(DEBIAN_FASHION_MNIST, { split });
    expect(ds.size).toBe(count);
    const perClass = new Array<number>(10).fill(0);
    let first: Sample | undefined;
    for await (const sample of ds.samples()) {
      first ??= sample;
      perClass[sample.label]!++;
    }
    expect(perClass).toEqual(new Array<number>(10).fill(count / 10));
    expect(first?.label).toBe(9); // both splits start with an ankle boot
    expect(first?.source).toMatchObject({ kind: 'pixels', width: 28, height: 28, channels: 1 });
    if (first?.source.kind === 'pixels') expect(createHash('sha256').update(first.source.data).digest('hex')).toBe(sha256);
  });
});
