import { describe, expect, it } from 'vitest';
import { svhn } from './index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../../../test/helpers/datasets.js';
import { expectGolden, expectNamesMatch, readExpected, type Golden } from '../../../../test/helpers/pixels.js';

const ROOT = datasetFixture('svhn');
const expected = readExpected<Record<'train' | 'test', { labels: number[]; first: Golden }>>('svhn');

describe('svhn adapter', () => {
  it.each(['test', 'train'] as const)('reads %s_32x32.mat with 10 as the digit 0 and torchvision-oriented pixels', async (split) => {
    const ds = await svhn.open(ROOT, { split });
    const samples = await collect(ds);
    expect(ds.size).toBe(expected[split].labels.length);
    expect(samples.map((s) => s.label)).toEqual(expected[split].labels);
    expect(samples.map((s) => s.id)[0]).toBe(`${split}_32x32.mat#0`);
    expectGolden(samples[0], expected[split].first);
  });

  it.skipIf(!hasLabelSpaces)('has the published class names', async () => {
    expectNamesMatch((await svhn.open(ROOT, { split: 'test' })).classnames, labelSpace('svhn'));
  });
});
