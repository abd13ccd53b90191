import { describe, expect, it } from 'vitest';
import { food101 } from './index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../../../test/helpers/datasets.js';
import { expectNamesMatch } from '../../../../test/helpers/pixels.js';

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

  it.skipIf(!hasLabelSpaces)('has the published class names', async () => {
    expectNamesMatch((await food101.open(ROOT, { split: 'test' })).classnames, labelSpace('food101'));
  });
});
