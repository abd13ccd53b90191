import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/food101, made by tools/make-dataset-fixtures/image_lists.py. */
export const contract: AdapterContract = {
  fixture: 'food101',
  size: 3,
  samples: 3,
  first: { id: 'images/apple_pie/2.jpg', label: 0 },
  skipped: [],
  wrongRoot: { fixture: 'pets', error: /^food101: meta\/classes\.txt not found under .*\/pets \(expected <root>\/meta\/classes\.txt, <root>\/meta\/test\.txt, <root>\/images\// },
  paper: { metric: 'top1', classes: 101 },
};
