import { describe, expect, it } from 'vitest';
import { IMAGENET_CLASSNAMES } from '../../layouts/imagenet-classes/index.js';
import { imagenetSketch } from './index.js';
import { collect, datasetFixture } from '../../../../test/helpers/datasets.js';

describe('imagenet-sketch adapter', () => {
  it('reads sketch/<wnid>/ folders over the 1000 classes', async () => {
    const ds = await imagenetSketch.open(datasetFixture('imagenet-sketch'), { split: 'test' });
    expect(ds.classnames).toBe(IMAGENET_CLASSNAMES);
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, s.label])).toEqual([
      ['sketch/n01440764/tench_0.JPEG', 0],
      ['sketch/n01440764/tench_1.JPEG', 0],
      ['sketch/n01443537/goldfish_0.JPEG', 1],
      ['sketch/n01443537/goldfish_1.JPEG', 1],
    ]);
  });
});
