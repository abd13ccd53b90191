import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/svhn, made by tools/make-dataset-fixtures/mat.py. */
export const contract: AdapterContract = {
  fixture: 'svhn',
  size: 2,
  samples: 2,
  first: { id: 'test_32x32.mat#0', label: 0 },
  skipped: [],
  wrongRoot: { fixture: 'stl10', error: /^svhn: test_32x32\.mat not found under .*\/stl10 \(expected <root>\/test_32x32\.mat from the cropped-digits download/ },
  paper: { metric: 'top1', classes: 10 },
};
