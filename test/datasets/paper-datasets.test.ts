import { describe, expect, it } from 'vitest';
import { DATASETS, getDataset } from '../../src/datasets/registry.js';
import { isTemplateSetName } from '../../src/prompts/registry.js';

/** The metric of each dataset as the CLIP paper reports it (its table of datasets: mean per class for four). */
const PAPER_METRICS = {
  mnist: 'top1',
  'fashion-mnist': 'top1',
  svhn: 'top1',
  'rendered-sst2': 'top1',
  cifar10: 'top1',
  cifar100: 'top1',
  stl10: 'top1',
  flowers102: 'mean_per_class_recall',
  pets: 'mean_per_class_recall',
  food101: 'top1',
  cars: 'top1',
  aircraft: 'mean_per_class_recall',
  dtd: 'top1',
  gtsrb: 'top1',
  eurosat: 'top1',
  country211: 'top1',
  fer2013: 'top1',
  caltech101: 'mean_per_class_recall',
  sun397: 'top1',
} as const;

const CLASS_COUNTS = {
  mnist: 10, 'fashion-mnist': 10, svhn: 10, 'rendered-sst2': 2, cifar10: 10, cifar100: 100, stl10: 10, flowers102: 102, pets: 37,
  food101: 101, cars: 196, aircraft: 100, dtd: 47, gtsrb: 43, eurosat: 10, country211: 211, fer2013: 7, caltech101: 102, sun397: 397,
} as const;

describe.each(Object.entries(PAPER_METRICS))('%s registry entry', (name, metric) => {
  const adapter = getDataset(name);

  it('is registered under its own name with the paper metric and class count', () => {
    expect(Object.hasOwn(DATASETS, name)).toBe(true);
    expect(adapter.name).toBe(name);
    expect(adapter.metric).toBe(metric);
    expect(adapter.classCount).toBe(CLASS_COUNTS[name as keyof typeof CLASS_COUNTS]);
  });

  it('names a known template set, a default split among its splits, a layout and a source', () => {
    expect(isTemplateSetName(adapter.templates)).toBe(true);
    expect(adapter.splits).toContain(adapter.defaultSplit);
    expect(adapter.layout).toMatch(/<root>/);
    expect(adapter.source.length).toBeGreaterThan(10);
  });
});
