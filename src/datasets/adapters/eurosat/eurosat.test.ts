import { describe, expect, it } from 'vitest';
import { eurosat } from './index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../../../test/helpers/datasets.js';
import { expectNamesMatch } from '../../../../test/helpers/pixels.js';

describe('eurosat adapter', () => {
  const root = datasetFixture('eurosat');

  it('reads 2750/<Class>/ folders into CLIP names in sorted-folder order, reporting other files', async () => {
    const ds = await eurosat.open(root, { split: 'all' });
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, ds.classnames[s.label]])).toEqual([
      ['2750/AnnualCrop/AnnualCrop_1.jpg', 'annual crop land'],
      ['2750/Forest/Forest_12.jpg', 'forest'],
      ['2750/Forest/Forest_7.jpg', 'forest'],
      ['2750/SeaLake/SeaLake_3.jpg', 'lake or sea'],
    ]);
    expect(ds.skipped()).toEqual([{ path: '2750/Forest/readme.txt', reason: 'not an image file (extension .txt)' }]);
  });

  it.skipIf(!hasLabelSpaces)('has the published class names', async () => {
    expectNamesMatch((await eurosat.open(root, { split: 'all' })).classnames, labelSpace('eurosat'));
  });
});
