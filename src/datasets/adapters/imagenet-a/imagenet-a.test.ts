import { describe, expect, it } from 'vitest';
import { imagenetA } from './index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../../../test/helpers/datasets.js';

const ROOT = datasetFixture('imagenet-a');

describe('imagenet-a adapter', () => {
  it('classifies over the 200 ImageNet-A classes in sorted-wnid order', async () => {
    const ds = await imagenetA.open(ROOT, { split: 'test' });
    expect(ds.classnames).toHaveLength(200);
    expect(ds.classnames.slice(0, 3)).toEqual(['stingray', 'goldfinch', 'junco']);
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, s.label])).toEqual([
      ['imagenet-a/n01498041/stingray_0.jpg', 0],
      ['imagenet-a/n01498041/stingray_1.jpg', 0],
      ['imagenet-a/n01531178/goldfinch_0.jpg', 1],
      ['imagenet-a/n01531178/goldfinch_1.jpg', 1],
    ]);
    expect(ds.skipped()).toEqual([]);
  });

  it.skipIf(!hasLabelSpaces)('has the published ImageNet-A class names', async () => {
    const ds = await imagenetA.open(ROOT, { split: 'test' });
    expect(ds.classnames).toEqual(labelSpace('imagenet-a-200').map((c) => c[2]));
  });
});
