import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/cifar100, made by tools/make-dataset-fixtures/cifar.py. */
export const contract: AdapterContract = {
  fixture: 'cifar100',
  size: 2,
  samples: 2,
  first: { id: 'cifar-100-python/test#0', label: 0 },
  skipped: [],
  wrongRoot: { fixture: 'cifar10', error: /^cifar100: cifar-100-python\/ or cifar-100-binary\/ not found under .*\/cifar10 \(expected <root>\/cifar-100-python\/\{test\} or <root>\/cifar-100-binary\/\{test\.bin\}/ },
  paper: { metric: 'top1', classes: 100 },
};
