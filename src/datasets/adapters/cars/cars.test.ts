import { describe, expect, it } from 'vitest';
import { cars } from './index.js';
import { collect, datasetFixture } from '../../../../test/helpers/datasets.js';

const ROOT = datasetFixture('cars');

describe('cars adapter', () => {
  it('reads the struct-array annotations of the test split', async () => {
    const ds = await cars.open(ROOT, { split: 'test' });
    expect(ds.classnames).toHaveLength(196);
    expect(ds.classnames.slice(0, 2)).toEqual(['AM General Hummer SUV 2000', 'Acura RL Sedan 2012']);
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, s.label])).toEqual([
      ['cars_test/00001.jpg', 1],
      ['cars_test/00002.jpg', 0],
    ]);
    expect(ds.skipped()).toEqual([]);
  });

  it('reads the train split from the devkit', async () => {
    const samples = await collect(await cars.open(ROOT, { split: 'train' }));
    expect(samples.map((s) => [s.id, s.label])).toEqual([
      ['cars_train/00001.jpg', 0],
      ['cars_train/00002.jpg', 195],
      ['cars_train/00003.jpg', 1],
    ]);
  });
});
