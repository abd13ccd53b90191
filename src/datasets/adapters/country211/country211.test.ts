import { describe, expect, it } from 'vitest';
import { COUNTRY211_CODES, country211 } from './index.js';
import { collect, datasetFixture } from '../../../../test/helpers/datasets.js';

describe('country211 adapter', () => {
  const root = datasetFixture('country211');

  it('maps country-code folders to CLIP names and reports an unknown folder', async () => {
    const ds = await country211.open(root, { split: 'test' });
    expect(ds.classnames).toHaveLength(211);
    expect((await collect(ds)).map((s) => [s.id, ds.classnames[s.label]])).toEqual([
      ['test/AD/1.jpg', 'Andorra'],
      ['test/US/2.jpg', 'United States'],
      ['test/ZW/3.jpg', 'Zimbabwe'],
    ]);
    expect(ds.skipped()).toEqual([{ path: 'test/XX/', reason: "'XX' is not one of the 211 country211 class folders; its files were not read" }]);
    expect((await collect(await country211.open(root, { split: 'valid' }))).map((s) => s.id)).toEqual(['valid/FR/4.jpg']);
  });

  it('has one sorted, unique code per class', () => {
    expect(COUNTRY211_CODES).toHaveLength(211);
    expect([...COUNTRY211_CODES].sort()).toEqual([...COUNTRY211_CODES]);
    expect(new Set(COUNTRY211_CODES).size).toBe(211);
  });
});
