import { describe, expect, it } from 'vitest';
import { IMAGENET_C_CORRUPTIONS, imagenetC } from './index.js';
import { collect, datasetFixture } from '../../../../test/helpers/datasets.js';

const ROOT = datasetFixture('imagenet-c');

describe('imagenet-c adapter', () => {
  it('lists every corruption x severity as a split', () => {
    expect(IMAGENET_C_CORRUPTIONS).toHaveLength(19);
    expect(imagenetC.splits).toHaveLength(95);
    expect(imagenetC.splits).toContain('jpeg_compression/5');
  });

  it('reads <corruption>/<severity>/<wnid>/ for the chosen split only', async () => {
    for (const split of ['gaussian_noise/1', 'gaussian_noise/3', 'brightness/1']) {
      const ds = await imagenetC.open(ROOT, { split });
      const samples = await collect(ds);
      expect(samples.map((s) => s.label)).toEqual([0, 1]);
      expect(samples.every((s) => s.id.startsWith(`${split}/`))).toBe(true);
    }
  });

  it('lists the splits present when the asked one is missing', async () => {
    await expect(imagenetC.open(ROOT, { split: 'fog/2' })).rejects.toThrow(
      /no split 'fog\/2' .*available: brightness\/1, gaussian_noise\/1, gaussian_noise\/3/,
    );
    await expect(imagenetC.open(ROOT, { split: 'fog' })).rejects.toThrow(/split = <corruption>\/<severity>/);
  });
});
