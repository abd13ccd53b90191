import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/pets, made by tools/make-dataset-fixtures/image_lists.py. */
export const contract: AdapterContract = {
  fixture: 'pets',
  size: 2,
  samples: 2,
  first: { id: 'images/Bengal_3.jpg', label: 5 },
  skipped: [
    { path: 'images/basset_hound_9.jpg', reason: 'listed in annotations/test.txt:3 but the file is missing' },
  ],
  wrongRoot: { fixture: 'dtd', error: /^pets: annotations\/test\.txt not found under .*\/dtd \(expected <root>\/annotations\/test\.txt, <root>\/images\// },
  paper: { metric: 'mean_per_class_recall', classes: 37 },
};
