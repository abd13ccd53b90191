import { describe, expect, it } from 'vitest';
import { dtd } from './index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../../../test/helpers/datasets.js';
import { expectNamesMatch } from '../../../../test/helpers/pixels.js';

const ROOT = datasetFixture('dtd');

describe('dtd adapter', () => {
  it.each([
    ['test', [['images/polka-dotted/polka-dotted_0121.jpg', 30], ['images/banded/banded_0005.jpg', 0], ['images/zigzagged/zigzagged_0003.jpg', 46]]],
    ['train', [['images/banded/banded_0002.jpg', 0], ['images/zigzagged/zigzagged_0010.jpg', 46]]],
    ['val', [['images/dotted/dotted_0001.jpg', 10]]],
  ] as const)('reads labels/%s1.txt in its order', async (split, expected) => {
    const ds = await dtd.open(ROOT, { split });
    expect((await collect(ds)).map((s) => [s.id, s.label])).toEqual(expected);
    expect(ds.skipped()).toEqual([]);
  });

  it.skipIf(!hasLabelSpaces)('has the published class names', async () => {
    expectNamesMatch((await dtd.open(ROOT, { split: 'test' })).classnames, labelSpace('dtd'));
  });
});
