import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/fashion-mnist, made by tools/make-dataset-fixtures/idx.py. */
export const contract: AdapterContract = {
  fixture: 'fashion-mnist',
  size: 3,
  samples: 3,
  first: { id: 't10k-images-idx3-ubyte.gz#0', label: 0 },
  skipped: [],
  wrongRoot: { fixture: 'cifar10', error: /^fashion-mnist: t10k-images-idx3-ubyte\[\.gz\] not found under .*\/cifar10 \(expected <root>\/t10k-images-idx3-ubyte\[\.gz\] and <root>\/t10k-labels-idx1-ubyte\[\.gz\]/ },
  paper: { metric: 'top1', classes: 10 },
};
