import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/dtd, made by tools/make-dataset-fixtures/image_lists.py. */
export const contract: AdapterContract = {
  fixture: 'dtd',
  size: 3,
  samples: 3,
  first: { id: 'images/polka-dotted/polka-dotted_0121.jpg', label: 30 },
  skipped: [],
  wrongRoot: { fixture: 'sun397', error: /^dtd: labels\/test1\.txt not found under .*\/sun397 \(expected <root>\/labels\/test1\.txt, <root>\/images\// },
  paper: { metric: 'top1', classes: 47 },
};
