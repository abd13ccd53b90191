import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/fairface, made by tools/make-dataset-fixtures/fairface.py. */
export const contract: AdapterContract = {
  fixture: 'fairface',
  classes: 7,
  size: 6,
  samples: 6,
  first: { id: 'val/1.jpg', label: 3 },
  skipped: [
    { path: 'val/7.jpg', reason: 'race \'Martian\' is not a FairFace race class' },
  ],
  wrongRoot: { fixture: 'imagenet', error: /^FairFace \(expected .*\/imagenet\/fairface_label_val\.csv with file,age,gender,race,service_test and images under .*\/imagenet\/val\/\): cannot read .*\/imagenet\/fairface_label_val\.csv: ENOENT: no such file or directory, open '.*\/imagenet\/fairface_label_val\.csv'/ },
};
