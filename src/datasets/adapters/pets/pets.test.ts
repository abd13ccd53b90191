import { describe, expect, it } from 'vitest';
import { pets } from './index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../../../test/helpers/datasets.js';
import { expectNamesMatch } from '../../../../test/helpers/pixels.js';

const ROOT = datasetFixture('pets');

describe('pets adapter', () => {
  it('reads annotations/test.txt class ids and skips a listed image that is missing', async () => {
    const ds = await pets.open(ROOT, { split: 'test' });
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, s.label])).toEqual([
      ['images/Bengal_3.jpg', 5],
      ['images/yorkshire_terrier_5.jpg', 36],
    ]);
    expect(ds.skipped()).toEqual([{ path: 'images/basset_hound_9.jpg', reason: 'listed in annotations/test.txt:3 but the file is missing' }]);
    expect(ds.classnames[5]).toBe('Bengal');
  });

  it('reads the trainval split', async () => {
    const samples = await collect(await pets.open(ROOT, { split: 'trainval' }));
    expect(samples.map((s) => s.label)).toEqual([0, 1]);
  });

  it.skipIf(!hasLabelSpaces)('has the published class names in class-id order', async () => {
    expectNamesMatch((await pets.open(ROOT, { split: 'test' })).classnames, labelSpace('pets'));
  });
});
