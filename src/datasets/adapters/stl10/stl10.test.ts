import { cp, mkdtemp, rm, truncate } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stl10 } from './index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../../../test/helpers/datasets.js';
import { expectGolden, expectNamesMatch, readExpected, type Golden } from '../../../../test/helpers/pixels.js';

const ROOT = datasetFixture('stl10');
const expected = readExpected<Record<'train' | 'test', { labels: number[]; first: Golden }>>('stl10');

describe('stl10 adapter', () => {
  it.each(['test', 'train'] as const)('reads %s_X.bin column-major planes the way torchvision transposes them', async (split) => {
    const ds = await stl10.open(ROOT, { split });
    const samples = await collect(ds);
    expect(samples.map((s) => s.label)).toEqual(expected[split].labels);
    expect(samples[0]!.id).toBe(`stl10_binary/${split}_X.bin#0`);
    expectGolden(samples[0], expected[split].first);
  });

  it('reports a truncated image file with its size', async () => {
    const root = await mkdtemp(join(tmpdir(), 'clip-eval-stl10-'));
    await cp(ROOT, root, { recursive: true });
    await truncate(join(root, 'stl10_binary', 'train_X.bin'), 30000);
    await expect(stl10.open(root, { split: 'train' })).rejects.toThrow(/train_X\.bin is truncated: 30000 bytes is not a whole number of 27648-byte 96x96x3 images \(1 images and 2352 bytes over\)/);
    await rm(root, { recursive: true });
  });

  it.skipIf(!hasLabelSpaces)('has the published class names', async () => {
    expectNamesMatch((await stl10.open(ROOT, { split: 'test' })).classnames, labelSpace('stl10'));
  });
});
