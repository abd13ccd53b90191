import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/cifar10, made by tools/make-dataset-fixtures/cifar.py. */
export const contract: AdapterContract = {
  fixture: 'cifar10',
  size: 2,
  samples: 2,
  first: { id: 'cifar-10-batches-py/test_batch#0', label: 0 },
  skipped: [],
  wrongRoot: { fixture: 'svhn', error: /^cifar10: cifar-10-batches-py\/ or cifar-10-batches-bin\/ not found under .*\/svhn \(expected <root>\/cifar-10-batches-py\/\{test_batch\} or <root>\/cifar-10-batches-bin\/\{test_batch\.bin\}/ },
  paper: { metric: 'top1', classes: 10 },
};
