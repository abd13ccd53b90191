import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/aircraft, made by tools/make-dataset-fixtures/image_lists.py. */
export const contract: AdapterContract = {
  fixture: 'aircraft',
  size: 2,
  samples: 2,
  first: { id: 'data/images/1514522.jpg', label: 73 },
  skipped: [
    { path: 'data/images_variant_test.txt:3', reason: 'variant \'Concorde\' is not one of the 100 in data/variants.txt' },
  ],
  wrongRoot: { fixture: 'food101', error: /^aircraft: data\/variants\.txt not found under .*\/food101 \(expected <root>\/data\/variants\.txt, <root>\/data\/images_variant_test\.txt, <root>\/data\/images\// },
  paper: { metric: 'mean_per_class_recall', classes: 100 },
};
