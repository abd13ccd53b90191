import { describe, expect, it } from 'vitest';
import { CALTECH101_FOLDERS, caltech101 } from './index.js';
import { collect, datasetFixture } from '../../../../test/helpers/datasets.js';

describe('caltech101 adapter', () => {
  const root = datasetFixture('caltech101');

  it('keeps BACKGROUND_Google as the class background and reads every image', async () => {
    const ds = await caltech101.open(root, { split: 'all' });
    expect(ds.classnames).toHaveLength(102);
    expect((await collect(ds)).map((s) => [s.id, ds.classnames[s.label]])).toEqual([
      ['101_ObjectCategories/BACKGROUND_Google/image_0001.jpg', 'background'],
      ['101_ObjectCategories/Faces_easy/image_0001.jpg', 'centered face'],
      ['101_ObjectCategories/accordion/image_0001.jpg', 'accordion'],
      ['101_ObjectCategories/yin_yang/image_0001.jpg', 'yin and yang symbol'],
      ['101_ObjectCategories/yin_yang/image_0002.jpg', 'yin and yang symbol'],
    ]);
  });

  it('lists its 102 folders in Python sort order', () => {
    expect(CALTECH101_FOLDERS).toHaveLength(102);
    expect([...CALTECH101_FOLDERS].sort()).toEqual([...CALTECH101_FOLDERS]);
  });
});
