import aIndices from './imagenet-a-indices.json' with { type: 'json' };
import names from './imagenet.json' with { type: 'json' };
import rIndices from './imagenet-r-indices.json' with { type: 'json' };
import wnids from './imagenet-wnids.json' with { type: 'json' };

/**
 * The ImageNet-1k label space shared by every ImageNet-derived adapter: class i is the i-th WordNet id in
 * sorted order (torchvision's ImageFolder order), named with OpenAI's curated names.
 */
export const IMAGENET_WNIDS: readonly string[] = wnids;
export const IMAGENET_CLASSNAMES: readonly string[] = names;

/** The 200-class subsets as sorted indices into the 1000 classes (the official ImageNet-R / ImageNet-A lists). */
export const IMAGENET_SUBSETS = {
  'imagenet-r': rIndices,
  'imagenet-a': aIndices,
} as const satisfies Record<string, readonly number[]>;

const WNID_INDEX: ReadonlyMap<string, number> = new Map(wnids.map((w, i) => [w, i]));

/** WordNet ids name ImageNet's synset folders: `n` and eight digits. */
export function isWnid(name: string): boolean {
  return /^n\d{8}$/.test(name);
}

export function imagenetIndex(wnid: string): number | undefined {
  return WNID_INDEX.get(wnid);
}

/** Class names of a subset, in the order of its (sorted) indices. */
export function imagenetNames(indices: readonly number[]): string[] {
  return indices.map((i) => IMAGENET_CLASSNAMES[i]!);
}

/** Maps an index of the 1000 classes to its position in `indices`, undefined when outside the subset. */
export function subsetLookup(indices: readonly number[]): (index: number) => number | undefined {
  const position = new Map(indices.map((c, i) => [c, i]));
  return (index) => position.get(index);
}
