import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/stl10, made by tools/make-dataset-fixtures/stl10.py. */
export const contract: AdapterContract = {
  fixture: 'stl10',
  size: 1,
  samples: 1,
  first: { id: 'stl10_binary/test_X.bin#0', label: 0 },
  skipped: [],
  wrongRoot: { fixture: 'svhn', error: /^stl10: stl10_binary\/test_X\.bin not found under .*\/svhn \(expected <root>\/stl10_binary\/test_X\.bin and test_y\.bin/ },
  paper: { metric: 'top1', classes: 10 },
};
