import { describe, expect, it } from 'vitest';
import { food101 } from '../../src/datasets/adapters/food101/index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../helpers/datasets.js';
import { expectNamesMatch } from '../helpers/pixels.js';

const ROOT = datasetFixture('food101');

describe('food101 adapter', () => {
  it.each([
    ['test', [['images/apple_pie/2.jpg', 0], ['images/baby_back_ribs/3.jpg', 1], ['images/waffles/4.jpg', 100]]],
    ['train', [['images/apple_pie/1005649.jpg', 0], ['images/waffles/12.jpg', 100]]],
  ] as const)('reads meta/%s.txt with labels in meta/classes.txt order', async (split, expected) => {
    const ds = await food101.open(ROOT, { split });
    expect((await collect(ds)).map((s) => [s.id, s.label])).toEqual(expected);
    expect(ds.skipped()).toEqual([]);
  });

  it('names the expected files when the root is wrong', async () => {
    await expect(food101.open(datasetFixture('pets'), { split: 'test' })).rejects.toThrow(/food101: meta\/classes\.txt not found under .*pets \(expected <root>\/meta\/classes\.txt, <root>\/meta\/test\.txt, <root>\/images\//);
  });

  it.skipIf(!hasLabelSpaces)('has the published class names', async () => {
    expectNamesMatch((await food101.open(ROOT, { split: 'test' })).classnames, labelSpace('food101'));
  });
});
