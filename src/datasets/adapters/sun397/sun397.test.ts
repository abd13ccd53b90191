import { describe, expect, it } from 'vitest';
import { sun397 } from './index.js';
import { collect, datasetFixture } from '../../../../test/helpers/datasets.js';

const ROOT = datasetFixture('sun397');

describe('sun397 adapter', () => {
  it('reads Partitions/Testing_01.txt and names classes from their paths', async () => {
    const ds = await sun397.open(ROOT, { split: 'test' });
    expect(ds.classnames).toHaveLength(397);
    expect((await collect(ds)).map((s) => [s.id, ds.classnames[s.label]])).toEqual([
      ['SUN397/a/apartment_building/outdoor/sun_aaeluvfkqrfsjamm.jpg', 'apartment building outdoor'],
      ['SUN397/b/butchers_shop/sun_aaqnsngdpbrzcbmy.jpg', 'butchers shop'],
      ['SUN397/a/abbey/sun_abchnqvmclaoavzp.jpg', 'abbey'],
    ]);
    expect(ds.skipped()).toEqual([]);
  });

  it('reads the train partition', async () => {
    const ds = await sun397.open(ROOT, { split: 'train' });
    expect((await collect(ds)).map((s) => ds.classnames[s.label])).toEqual(['abbey', 'youth hostel']);
  });

  it('reads every image for split all, reporting other files', async () => {
    const ds = await sun397.open(ROOT, { split: 'all' });
    expect(ds.size).toBe(5);
    expect((await collect(ds))[0]!.id).toBe('SUN397/a/abbey/sun_aaalbzqrimafwbiv.jpg');
    expect(ds.skipped()).toEqual([{ path: 'SUN397/ClassName.txt', reason: 'not an image file (extension .txt)' }]);
  });
});
