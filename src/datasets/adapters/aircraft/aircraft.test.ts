import { describe, expect, it } from 'vitest';
import { aircraft } from './index.js';
import { collect, datasetFixture } from '../../../../test/helpers/datasets.js';

const ROOT = datasetFixture('aircraft');

describe('aircraft adapter', () => {
  it('maps variant names to CLIP class indices and skips a variant outside the 100', async () => {
    const ds = await aircraft.open(ROOT, { split: 'test' });
    expect(ds.classnames).toHaveLength(100);
    expect((await collect(ds)).map((s) => [s.id, s.label, ds.classnames[s.label]])).toEqual([
      ['data/images/1514522.jpg', 73, 'F/A-18'],
      ['data/images/0056978.jpg', 99, 'Yak-42'],
    ]);
    expect(ds.skipped()).toEqual([{ path: 'data/images_variant_test.txt:3', reason: "variant 'Concorde' is not one of the 100 in data/variants.txt" }]);
  });

  it.each([
    ['train', [0]],
    ['val', [33]],
    ['trainval', [0, 33]],
  ] as const)('reads the %s split', async (split, labels) => {
    expect((await collect(await aircraft.open(ROOT, { split }))).map((s) => s.label)).toEqual(labels);
  });
});
