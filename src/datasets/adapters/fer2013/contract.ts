import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/fer2013, made by tools/make-dataset-fixtures/class_folders.py. */
export const contract: AdapterContract = {
  fixture: 'fer2013',
  size: undefined,
  samples: 2,
  first: { id: 'fer2013.csv#4', label: 5 },
  skipped: [],
  wrongRoot: { fixture: 'gtsrb', error: /^fer2013: fer2013\.csv not found under .*\/gtsrb \(expected <root>\/fer2013\.csv with columns emotion,pixels,Usage/ },
  paper: { metric: 'top1', classes: 7 },
};
