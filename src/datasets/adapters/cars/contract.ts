import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/cars, made by tools/make-dataset-fixtures/mat.py. */
export const contract: AdapterContract = {
  fixture: 'cars',
  size: 2,
  samples: 2,
  first: { id: 'cars_test/00001.jpg', label: 1 },
  skipped: [],
  wrongRoot: { fixture: 'flowers102', error: /^cars: devkit\/cars_meta\.mat not found under .*\/flowers102 \(expected <root>\/devkit\/cars_meta\.mat, <root>\/cars_test\// },
  paper: { metric: 'top1', classes: 196 },
};
