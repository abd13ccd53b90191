import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imagenet } from './index.js';
import { IMAGENET_CLASSNAMES, IMAGENET_SUBSETS, imagenetNames } from '../../layouts/imagenet-classes/index.js';
import { collect, datasetFixture } from '../../../../test/helpers/datasets.js';

const ROOT = datasetFixture('imagenet');
const TENCH = 0;
const GOLDFISH = 1;
const STINGRAY = 6;
const SEA_SNAKE = 65;
const ANALOG_CLOCK = 409;
const BANANA = 954;

describe('imagenet adapter, synset folders', () => {
  it('labels val images by the sorted-wnid index of their folder, in label order, and reports skips', async () => {
    const ds = await imagenet.open(ROOT, { split: 'val' });
    expect(ds.classnames).toBe(IMAGENET_CLASSNAMES);
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, s.label])).toEqual([
      ['val/n01440764/ILSVRC2012_val_00000293.JPEG', TENCH],
      ['val/n01440764/ILSVRC2012_val_00002138.JPEG', TENCH],
      ['val/n01443537/ILSVRC2012_val_00000236.JPEG', GOLDFISH],
      ['val/n01498041/ILSVRC2012_val_00000100.JPEG', STINGRAY],
      ['val/n02708093/ILSVRC2012_val_00000310.JPEG', ANALOG_CLOCK],
      ['val/n07753592/ILSVRC2012_val_00000011.JPEG', BANANA],
    ]);
    expect(ds.size).toBe(6);
    expect(samples[0]!.source).toEqual({ kind: 'file', path: join(ROOT, 'val/n01440764/ILSVRC2012_val_00000293.JPEG') });
    expect(ds.skipped().map((s) => s.path).sort()).toEqual(['val/n01440764/README.txt', 'val/n99999999/']);
  });

  it('reads train/ the same way', async () => {
    const samples = await collect(await imagenet.open(ROOT, { split: 'train' }));
    expect(samples.map((s) => s.label)).toEqual([TENCH, GOLDFISH]);
  });
});

describe('imagenet adapter, flat validation folder', () => {
  const expected = [SEA_SNAKE, TENCH, GOLDFISH, STINGRAY];

  it("reads Kaggle's LOC_val_solution.csv (first synset of PredictionString)", async () => {
    const ds = await imagenet.open(datasetFixture('imagenet-flat-kaggle'), { split: 'val' });
    const samples = await collect(ds);
    expect(samples.map((s) => s.id)).toEqual([
      'ILSVRC/Data/CLS-LOC/val/ILSVRC2012_val_00000002.JPEG',
      'ILSVRC/Data/CLS-LOC/val/ILSVRC2012_val_00000003.JPEG',
      'ILSVRC/Data/CLS-LOC/val/ILSVRC2012_val_00000004.JPEG',
      'ILSVRC/Data/CLS-LOC/val/ILSVRC2012_val_00000001.JPEG',
    ]);
    expect(samples.map((s) => s.label).sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
    expect(ds.skipped()).toEqual([{ path: 'ILSVRC/Data/CLS-LOC/val/ILSVRC2012_val_00000005.JPEG', reason: expect.stringContaining('no label') }]);
  });

  for (const [name, mapping] of [['imagenet-flat-devkit', 'meta.mat'], ['imagenet-flat-clsloc', 'map_clsloc.txt']] as const) {
    it(`maps the devkit ground truth's ILSVRC2012_IDs to synsets through ${mapping}`, async () => {
      const samples = await collect(await imagenet.open(datasetFixture(name), { split: 'val' }));
      const byImage = Object.fromEntries(samples.map((s) => [s.id, s.label]));
      expected.forEach((label, i) => expect(byImage[`val/ILSVRC2012_val_0000000${i + 1}.JPEG`]).toBe(label));
    });
  }

  it('names the label files it looked for when there are none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'imagenet-'));
    try {
      await cp(join(datasetFixture('imagenet-flat-clsloc'), 'val'), join(dir, 'val'), { recursive: true });
      await expect(imagenet.open(dir, { split: 'val' })).rejects.toThrow(/LOC_val_solution\.csv.*ILSVRC2012_validation_ground_truth\.txt.*meta\.mat/);
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

describe('imagenet adapter, val restricted to robustness-set classes', () => {
  it('val-on-imagenet-r-classes: 200 classes, labels are positions in the subset', async () => {
    const ds = await imagenet.open(ROOT, { split: 'val-on-imagenet-r-classes' });
    expect(ds.classnames).toEqual(imagenetNames(IMAGENET_SUBSETS['imagenet-r']));
    expect(ds.classnames).toHaveLength(200);
    const samples = await collect(ds);
    expect(samples.map((s) => ds.classnames[s.label])).toEqual(['goldfish', 'stingray', 'banana']);
    expect(samples.map((s) => s.label)).toEqual([0, 3, IMAGENET_SUBSETS['imagenet-r'].indexOf(BANANA)]);
    const left = ds.skipped().filter((s) => s.reason.includes('outside the 200 classes'));
    expect(left.map((s) => s.path).sort()).toEqual(['val/n01440764/', 'val/n02708093/']);
  });

  it('val-on-imagenet-a-classes', async () => {
    const ds = await imagenet.open(ROOT, { split: 'val-on-imagenet-a-classes' });
    const samples = await collect(ds);
    expect(samples.map((s) => [s.label, ds.classnames[s.label]])).toEqual([[0, 'stingray'], [IMAGENET_SUBSETS['imagenet-a'].indexOf(BANANA), 'banana']]);
  });

  it("val-on-objectnet-classes: the ImageNet classes ObjectNet's mapping files name", async () => {
    const ds = await imagenet.open(ROOT, { split: 'val-on-objectnet-classes' });
    expect(ds.classnames).toEqual(['analog clock', 'backpack', 'digital clock', 'banana']);
    const samples = await collect(ds);
    expect(samples.map((s) => [s.id, s.label])).toEqual([
      ['val/n02708093/ILSVRC2012_val_00000310.JPEG', 0],
      ['val/n07753592/ILSVRC2012_val_00000011.JPEG', 3],
    ]);
  });

  it('restricts a flat val folder too, one skip per class left out', async () => {
    const ds = await imagenet.open(datasetFixture('imagenet-flat-kaggle'), { split: 'val-on-imagenet-r-classes' });
    const samples = await collect(ds);
    expect(samples.map((s) => ds.classnames[s.label])).toEqual(['goldfish', 'stingray']);
    expect(ds.skipped().filter((s) => s.reason.includes('outside')).map((s) => s.path).sort()).toEqual([
      'ILSVRC/Data/CLS-LOC/val/ (n01440764)',
      'ILSVRC/Data/CLS-LOC/val/ (n01751748)',
    ]);
  });

  it('val-on-objectnet-classes without the mapping folder says where to put it', async () => {
    await expect(imagenet.open(datasetFixture('imagenet-flat-kaggle'), { split: 'val-on-objectnet-classes' })).rejects.toThrow(
      /folder_to_objectnet_label\.json not found under .*objectnet-mappings/,
    );
  });
});

describe('imagenet adapter errors', () => {

  it('lists the splits for an unknown one', async () => {
    await expect(imagenet.open(ROOT, { split: 'test' })).rejects.toThrow(/unknown split 'test' \(splits: val, train, val-on-imagenet-r-classes/);
  });
});
