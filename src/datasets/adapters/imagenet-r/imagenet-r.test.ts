import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGENET_CLASSNAMES, IMAGENET_SUBSETS } from '../../layouts/imagenet-classes/index.js';
import { imagenetR } from './index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../../../test/helpers/datasets.js';

const ROOT = datasetFixture('imagenet-r');

describe('imagenet-r adapter', () => {
  it('classifies over the 200 ImageNet-R classes in sorted-wnid order', async () => {
    const ds = await imagenetR.open(ROOT, { split: 'test' });
    expect(ds.classnames).toHaveLength(200);
    expect(ds.classnames).toEqual(IMAGENET_SUBSETS['imagenet-r'].map((i) => IMAGENET_CLASSNAMES[i]));
    expect(ds.classnames.slice(0, 4)).toEqual(['goldfish', 'great white shark', 'hammerhead shark', 'stingray']);
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, s.label])).toEqual([
      ['imagenet-r/n01443537/goldfish_0.jpg', 0],
      ['imagenet-r/n01443537/goldfish_1.jpg', 0],
      ['imagenet-r/n01498041/stingray_0.jpg', 3],
      ['imagenet-r/n01498041/stingray_1.jpg', 3],
    ]);
    expect(ds.skipped()).toEqual([{ path: 'imagenet-r/n01440764/', reason: expect.stringContaining('not one of the 200 ImageNet-R classes') }]);
  });

  it.skipIf(!hasLabelSpaces)('has the published ImageNet-R class names', async () => {
    const ds = await imagenetR.open(ROOT, { split: 'test' });
    expect(ds.classnames).toEqual(labelSpace('imagenet-r-200').map((c) => c[2]));
  });

  it('accepts the unpacked folder itself as --data', async () => {
    expect((await collect(await imagenetR.open(join(ROOT, 'imagenet-r'), { split: 'test' }))).length).toBe(4);
  });
});
