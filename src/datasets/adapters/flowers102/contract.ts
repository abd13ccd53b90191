import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/flowers102, made by tools/make-dataset-fixtures/mat.py. */
export const contract: AdapterContract = {
  fixture: 'flowers102',
  size: 3,
  samples: 3,
  first: { id: 'jpg/image_00006.jpg', label: 1 },
  skipped: [
    { path: 'jpg/image_00007.jpg', reason: 'listed in setid.mat: tstid(4) but the file is missing' },
  ],
  wrongRoot: { fixture: 'cars', error: /^flowers102: imagelabels\.mat not found under .*\/cars \(expected <root>\/imagelabels\.mat, <root>\/setid\.mat, <root>\/jpg\// },
  paper: { metric: 'mean_per_class_recall', classes: 102 },
};
