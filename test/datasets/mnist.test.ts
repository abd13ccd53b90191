import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Sample } from '../../src/core/sample.js';
import { fashionMnist } from '../../src/datasets/fashion-mnist.js';
import { mnist } from '../../src/datasets/mnist.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../helpers/datasets.js';
import { expectGolden, expectNamesMatch, readExpected, type Golden } from '../helpers/pixels.js';

type Expected = Record<'train' | 't10k', { labels: number[]; first: Golden }>;

describe.each([
  { adapter: mnist, fixture: 'mnist', suffix: '' },
  { adapter: fashionMnist, fixture: 'fashion-mnist', suffix: '.gz' },
])('$fixture adapter', ({ adapter, fixture, suffix }) => {
  const root = datasetFixture(fixture);
  const expected = readExpected<Expected>(fixture);

  it.each([
    ['test', 't10k'],
    ['train', 'train'],
  ] as const)('reads the %s split from the %s IDX files', async (split, prefix) => {
    const ds = await adapter.open(root, { split });
    const samples = await collect(ds);
    expect(ds.size).toBe(expected[prefix].labels.length);
    expect(samples.map((s) => s.label)).toEqual(expected[prefix].labels);
    expect(samples[1]!.id).toBe(`${prefix}-images-idx3-ubyte${suffix}#1`);
    // One gray channel, row-major like torchvision's Image.fromarray(img, mode='L').
    expectGolden(samples[0], expected[prefix].first);
    expect(ds.skipped()).toEqual([]);
  });

  it('names the expected files when the root is wrong', async () => {
    await expect(adapter.open(datasetFixture('cifar10'), { split: 'test' })).rejects.toThrow(
      /t10k-images-idx3-ubyte\[\.gz\] not found under .*cifar10 \(expected <root>\/t10k-images-idx3-ubyte\[\.gz\] and <root>\/t10k-labels-idx1-ubyte\[\.gz\]; found in .*: cifar-10-batches-bin\//,
    );
  });

  it('rejects an unknown split', async () => {
    await expect(adapter.open(root, { split: 'val' })).rejects.toThrow(/unknown split 'val' \(splits: test, train\)/);
  });

  it.skipIf(!hasLabelSpaces)('has the published class names', async () => {
    expectNamesMatch((await adapter.open(root, { split: 'test' })).classnames, labelSpace(fixture));
  });
});

describe('mnist edge cases', () => {
  it('reports a truncated image file with the expected and found sizes', async () => {
    await expect(mnist.open(datasetFixture('mnist-truncated'), { split: 'train' })).rejects.toThrow(
      /train-images-idx3-ubyte: IDX file truncated: dimensions \[4, 28, 28\] of ubyte need 3152 bytes, found 2152/,
    );
  });
});

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
