import { describe, expect, it } from 'vitest';
import { fashionMnist } from '../../../src/datasets/adapters/fashion-mnist/index.js';
import { mnist } from '../../../src/datasets/adapters/mnist/index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../helpers/datasets.js';
import { expectGolden, expectNamesMatch, readExpected, type Golden } from '../../helpers/pixels.js';

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
