import { describe, expect, it } from 'vitest';
import { IMAGENET_CLASSNAMES, IMAGENET_SUBSETS, IMAGENET_WNIDS } from '../../../src/datasets/layouts/imagenet-classes/index.js';
import { hasLabelSpaces, labelSpace } from '../../helpers/datasets.js';

describe('ImageNet class list', () => {
  it('is the 1000 sorted WordNet ids with OpenAI names', () => {
    expect(IMAGENET_WNIDS).toHaveLength(1000);
    expect([...IMAGENET_WNIDS].sort()).toEqual(IMAGENET_WNIDS);
    expect(new Set(IMAGENET_WNIDS).size).toBe(1000);
    expect(IMAGENET_CLASSNAMES).toHaveLength(1000);
    expect(IMAGENET_CLASSNAMES.slice(0, 3)).toEqual(['tench', 'goldfish', 'great white shark']);
    expect(IMAGENET_CLASSNAMES[409]).toBe('analog clock');
    expect(IMAGENET_CLASSNAMES[954]).toBe('banana');
  });

  it.skipIf(!hasLabelSpaces)('matches the published lists in ../shared/data/label_spaces.json', () => {
    const space = labelSpace('imagenet1k');
    expect(IMAGENET_WNIDS).toEqual(space.map((c) => c[0]));
    expect(IMAGENET_CLASSNAMES).toEqual(space.map((c) => c[2]));
    for (const [set, key] of [['imagenet-r', 'imagenet-r-200'], ['imagenet-a', 'imagenet-a-200']] as const) {
      expect(IMAGENET_SUBSETS[set]).toEqual(labelSpace(key).map((c) => Number(c[1])));
    }
  });
});
