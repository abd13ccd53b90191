import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/imagenet-c, made by tools/make-dataset-fixtures/imagenet.py. */
export const contract: AdapterContract = {
  fixture: 'imagenet-c',
  size: 2,
  samples: 2,
  first: { id: 'gaussian_noise/1/n01440764/ILSVRC2012_val_00000044.JPEG', label: 0 },
  skipped: [],
  wrongRoot: { fixture: 'mnist', error: /^ImageNet-C: no split 'gaussian_noise\/1' under .*\/mnist \(expected <root>\/<corruption>\/<severity>\/<wnid>\/<image>, split = <corruption>\/<severity>/ },
};
