import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cifar10 } from '../../../src/datasets/adapters/cifar10/index.js';
import { cifar100 } from '../../../src/datasets/adapters/cifar100/index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../helpers/datasets.js';
import { expectGolden, expectNamesMatch, readExpected, type Golden } from '../../helpers/pixels.js';

type Expected10 = Record<string, { labels: number[]; first: Golden }>;
type Expected100 = Record<'train' | 'test', { fine: number[]; coarse: string[]; first: Golden }>;

/** A copy of one fixture with only the given folder, so that each distributed format is read on its own. */
async function only(fixture: string, folder: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'clip-eval-cifar-'));
  await cp(join(datasetFixture(fixture), folder), join(dir, folder), { recursive: true });
  return dir;
}

describe.each([
  ['python', 'cifar-10-batches-py', ''],
  ['binary', 'cifar-10-batches-bin', '.bin'],
])('cifar10 adapter, %s batches', (_, folder, ext) => {
  const expected = readExpected<Expected10>('cifar10');

  it('reads test_batch with labels and torchvision-oriented pixels', async () => {
    const root = await only('cifar10', folder);
    const ds = await cifar10.open(root, { split: 'test' });
    const samples = await collect(ds);
    expect(samples.map((s) => s.label)).toEqual(expected.test_batch!.labels);
    expect(samples.map((s) => s.id)).toEqual([`${folder}/test_batch${ext}#0`, `${folder}/test_batch${ext}#1`]);
    expectGolden(samples[0], expected.test_batch!.first);
    await rm(root, { recursive: true });
  });

  it('reads the five training batches in order', async () => {
    const root = await only('cifar10', folder);
    const ds = await cifar10.open(root, { split: 'train' });
    const samples = await collect(ds);
    expect(ds.size).toBe(5);
    expect(samples.map((s) => s.label)).toEqual([1, 2, 3, 4, 5].map((i) => expected[`data_batch_${i}`]!.labels[0]));
    expectGolden(samples[2], expected.data_batch_3!.first);
    await rm(root, { recursive: true });
  });
});

describe.each([
  ['python', 'cifar-100-python'],
  ['binary', 'cifar-100-binary'],
])('cifar100 adapter, %s batches', (_, folder) => {
  const expected = readExpected<Expected100>('cifar100');

  it.each(['test', 'train'] as const)('reads the %s fine labels, coarse names and pixels', async (split) => {
    const root = await only('cifar100', folder);
    const ds = await cifar100.open(root, { split });
    const samples = await collect(ds);
    expect(ds.attributes).toEqual(['coarse']);
    expect(samples.map((s) => s.label)).toEqual(expected[split].fine);
    expect(samples.map((s) => s.attrs?.coarse)).toEqual(expected[split].coarse);
    expectGolden(samples[0], expected[split].first);
    await rm(root, { recursive: true });
  });
});

describe('cifar errors and class names', () => {

  it('names a missing batch file', async () => {
    await expect(cifar10.open(datasetFixture('cifar10-truncated'), { split: 'train' })).rejects.toThrow(/cifar10: cifar-10-batches-py\/data_batch_1 not found/);
  });

  it('reports truncated pickled and binary batches', async () => {
    await expect(cifar10.open(datasetFixture('cifar10-truncated'), { split: 'test' })).rejects.toThrow(/test_batch: pickle truncated: byte \d+ needs \d+ more bytes/);
    const root = await only('cifar10-truncated', 'cifar-10-batches-bin');
    await expect(cifar10.open(root, { split: 'test' })).rejects.toThrow(/test_batch\.bin: truncated or not a CIFAR binary batch: 4646 bytes is not a whole number of 3073-byte records \(1 records and 1573 bytes over\)/);
    await rm(root, { recursive: true });
  });

  it.skipIf(!hasLabelSpaces)('has the published class names', async () => {
    expectNamesMatch((await cifar10.open(datasetFixture('cifar10'), { split: 'test' })).classnames, labelSpace('cifar10'));
    expectNamesMatch((await cifar100.open(datasetFixture('cifar100'), { split: 'test' })).classnames, labelSpace('cifar100'));
  });
});
