import { describe, expect, it } from 'vitest';
import { fer2013 } from './index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../../../test/helpers/datasets.js';
import { expectGolden, expectNamesMatch, readExpected, type Golden } from '../../../../test/helpers/pixels.js';

const ROOT = datasetFixture('fer2013');
const expected = readExpected<Record<string, { labels: number[]; first: Golden }>>('fer2013');

describe('fer2013 adapter', () => {
  it.each([
    ['test', 'PrivateTest'],
    ['val', 'PublicTest'],
  ] as const)('reads the %s split (Usage %s) as 48x48 gray pixels', async (split, usage) => {
    const ds = await fer2013.open(ROOT, { split });
    const samples = await collect(ds);
    expect(samples.map((s) => s.label)).toEqual(expected[usage]!.labels);
    expectGolden(samples[0], expected[usage]!.first);
    expect(ds.skipped()).toEqual([]);
  });

  it('reports a row with the wrong number of pixels, once per iteration', async () => {
    const ds = await fer2013.open(ROOT, { split: 'train' });
    const first = await collect(ds);
    const again = await collect(ds);
    expect(first.map((s) => [s.id, s.label])).toEqual([
      ['fer2013.csv#0', 0],
      ['fer2013.csv#1', 3],
    ]);
    expect(again).toHaveLength(2);
    expect(ds.skipped()).toEqual([{ path: 'fer2013.csv:4', reason: 'pixels holds 2303 values, expected 2304 gray levels 0-255 (48x48)' }]);
  });

  it.skipIf(!hasLabelSpaces)('has the published class names (CLIP lists synonyms; the first is used)', async () => {
    expectNamesMatch((await fer2013.open(ROOT, { split: 'test' })).classnames, labelSpace('fer2013'));
  });
});
