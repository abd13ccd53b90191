import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/imagenet-sketch, made by tools/make-dataset-fixtures/imagenet.py. */
export const contract: AdapterContract = {
  fixture: 'imagenet-sketch',
  size: 4,
  samples: 4,
  first: { id: 'sketch/n01440764/tench_0.JPEG', label: 0 },
  skipped: [],
  wrongRoot: { fixture: 'fairface', error: /^ImageNet-Sketch: no WordNet-id class folders in .*\/fairface\/sketch or .*\/fairface \(expected <root>\/sketch\/n01443537\/<image>, \.\.\./ },
};
