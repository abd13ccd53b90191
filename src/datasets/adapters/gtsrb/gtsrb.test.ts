import { describe, expect, it } from 'vitest';
import { gtsrb } from './index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../../../test/helpers/datasets.js';
import { expectGolden, expectNamesMatch, readExpected, type Golden } from '../../../../test/helpers/pixels.js';

const ROOT = datasetFixture('gtsrb');
const expected = readExpected<{ train: Golden; test: Golden; test_labels: number[] }>('gtsrb');

describe('gtsrb adapter', () => {
  it('reads GT-final_test.csv, decodes the PPM images as Pillow does, and skips a missing and a truncated file', async () => {
    const ds = await gtsrb.open(ROOT, { split: 'test' });
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, s.label])).toEqual([
      ['GTSRB/Final_Test/Images/00000.ppm', 14],
      ['GTSRB/Final_Test/Images/00001.ppm', 1],
    ]);
    expect(samples.map((s) => s.label)).toEqual(expected.test_labels);
    expectGolden(samples[0], expected.test);
    expect(ds.skipped()).toEqual([
      { path: 'GTSRB/Final_Test/Images/00009.ppm', reason: 'listed in GT-final_test.csv but the file is missing' },
      { path: 'GTSRB/Final_Test/Images/00002.ppm', reason: expect.stringMatching(/truncated PNM: 6x4x3 needs 83 bytes, found 40/) },
    ]);
  });

  it('reads the class folders and their GT-<class>.csv for the train split', async () => {
    const samples = await collect(await gtsrb.open(ROOT, { split: 'train' }));
    expect(samples.map((s) => [s.id, s.label])).toEqual([
      ['GTSRB/Final_Training/Images/00000/00000_00000.ppm', 0],
      ['GTSRB/Final_Training/Images/00000/00000_00001.ppm', 0],
      ['GTSRB/Final_Training/Images/00042/00000_00000.ppm', 42],
    ]);
    expectGolden(samples[0], expected.train);
  });

  it.skipIf(!hasLabelSpaces)('has the published class names', async () => {
    expectNamesMatch((await gtsrb.open(ROOT, { split: 'test' })).classnames, labelSpace('gtsrb'));
  });
});
