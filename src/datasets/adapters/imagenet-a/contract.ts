import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/imagenet-a, made by tools/make-dataset-fixtures/imagenet.py. */
export const contract: AdapterContract = {
  fixture: 'imagenet-a',
  size: 4,
  samples: 4,
  first: { id: 'imagenet-a/n01498041/stingray_0.jpg', label: 0 },
  skipped: [],
  wrongRoot: { fixture: 'fairface', error: /^ImageNet-A: no WordNet-id class folders in .*\/fairface\/imagenet-a or .*\/fairface \(expected <root>\/imagenet-a\/n01443537\/<image>, \.\.\./ },
};
