import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/imagenet-r, made by tools/make-dataset-fixtures/imagenet.py. */
export const contract: AdapterContract = {
  fixture: 'imagenet-r',
  size: 4,
  samples: 4,
  first: { id: 'imagenet-r/n01443537/goldfish_0.jpg', label: 0 },
  skipped: [
    { path: 'imagenet-r/n01440764/', reason: 'not one of the 200 ImageNet-R classes; its files were not read' },
  ],
  wrongRoot: { fixture: 'fairface', error: /^ImageNet-R: no WordNet-id class folders in .*\/fairface\/imagenet-r or .*\/fairface \(expected <root>\/imagenet-r\/n01443537\/<image>, \.\.\./ },
};
