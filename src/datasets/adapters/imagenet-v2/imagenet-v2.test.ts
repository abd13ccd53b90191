import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IMAGENET_CLASSNAMES } from '../../layouts/imagenet-classes/index.js';
import { imagenetV2 } from './index.js';
import { collect, datasetFixture } from '../../../../test/helpers/datasets.js';

const ROOT = datasetFixture('imagenet-v2');
const VARIANT = 'imagenetv2-matched-frequency-format-val';

describe('imagenet-v2 adapter', () => {
  it('reads class-index folders as integers: 0, 2, 9, 10 (not 0, 10, 2, 9)', async () => {
    const ds = await imagenetV2.open(ROOT, { split: 'matched-frequency' });
    expect(ds.classnames).toBe(IMAGENET_CLASSNAMES);
    const samples = await collect(ds);
    expect(samples.map((s) => s.label)).toEqual([0, 2, 9, 10, 10]);
    expect(samples.map((s) => s.id)).toEqual([
      `${VARIANT}/0/00000a7c0e5d9b3f1.jpeg`,
      `${VARIANT}/2/00020a7c0e5d9b3f1.jpeg`,
      `${VARIANT}/9/00090a7c0e5d9b3f1.jpeg`,
      `${VARIANT}/10/000a0a7c0e5d9b3f1.jpeg`,
      `${VARIANT}/10/000a1a7c0e5d9b3f1.jpeg`,
    ]);
    expect(ds.skipped()).toEqual([{ path: `${VARIANT}/extra/`, reason: expect.stringContaining('not a class-index folder') }]);
  });

  it('accepts --data pointing at the variant folder itself', async () => {
    const samples = await collect(await imagenetV2.open(join(ROOT, VARIANT), { split: 'matched-frequency' }));
    expect(samples.map((s) => s.label)).toEqual([0, 2, 9, 10, 10]);
  });

  it('names the folder a missing variant unpacks into', async () => {
    await expect(imagenetV2.open(ROOT, { split: 'threshold-0.7' })).rejects.toThrow(/no imagenetv2-threshold0\.7-format-val\/ .*found in .*imagenetv2-matched-frequency-format-val/);
    await expect(imagenetV2.open(ROOT, { split: 'threshold0.7' })).rejects.toThrow(/splits: matched-frequency, threshold-0\.7, top-images/);
  });
});
