import { describe, expect, it } from 'vitest';
import { flowers102 } from './index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../../../test/helpers/datasets.js';
import { expectNamesMatch } from '../../../../test/helpers/pixels.js';

const ROOT = datasetFixture('flowers102');

describe('flowers102 adapter', () => {
  it('reads the test ids of setid.mat in their order, labels from imagelabels.mat, and skips a missing JPEG', async () => {
    const ds = await flowers102.open(ROOT, { split: 'test' });
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, s.label])).toEqual([
      ['jpg/image_00006.jpg', 1],
      ['jpg/image_00004.jpg', 76],
      ['jpg/image_00005.jpg', 101],
    ]);
    expect(samples[0]!.source).toEqual({ kind: 'file', path: `${ROOT}/jpg/image_00006.jpg` });
    expect(ds.skipped()).toEqual([{ path: 'jpg/image_00007.jpg', reason: 'listed in setid.mat: tstid(4) but the file is missing' }]);
  });

  it.each([
    ['train', [0, 1]],
    ['val', [0]],
  ] as const)('reads the %s split', async (split, labels) => {
    const samples = await collect(await flowers102.open(ROOT, { split }));
    expect(samples.map((s) => s.label)).toEqual(labels);
  });

  it.skipIf(!hasLabelSpaces)('has the published class names', async () => {
    expectNamesMatch((await flowers102.open(ROOT, { split: 'test' })).classnames, labelSpace('flowers102'));
  });
});
