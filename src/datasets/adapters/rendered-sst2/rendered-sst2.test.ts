import { describe, expect, it } from 'vitest';
import { renderedSst2 } from './index.js';
import { collect, datasetFixture, hasLabelSpaces, labelSpace } from '../../../../test/helpers/datasets.js';
import { expectNamesMatch } from '../../../../test/helpers/pixels.js';

describe('rendered-sst2 adapter', () => {
  const root = datasetFixture('rendered-sst2');

  it.each([
    ['test', [['test/negative/0.png', 0], ['test/positive/1.png', 1], ['test/positive/5.png', 1]]],
    ['valid', [['valid/positive/2.png', 1]]],
    ['train', [['train/negative/3.png', 0]]],
  ] as const)('reads the %s folders', async (split, expected) => {
    expect((await collect(await renderedSst2.open(root, { split }))).map((s) => [s.id, s.label])).toEqual(expected);
  });

  it.skipIf(!hasLabelSpaces)('has the published class names', async () => {
    expectNamesMatch((await renderedSst2.open(root, { split: 'test' })).classnames, labelSpace('rendered-sst2'));
  });
});
