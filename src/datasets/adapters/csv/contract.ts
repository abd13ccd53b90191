import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/csv, made by tools/make-dataset-fixtures/generic.py. */
export const contract: AdapterContract = {
  fixture: 'csv',
  classes: 2,
  size: 3,
  samples: 3,
  first: { id: 'images/a.jpg', label: 1 },
  skipped: [
    { path: 'images/readme.txt', reason: 'not an image file extension' },
  ],
  wrongRoot: { fixture: 'fer2013', error: /^csv: no manifest .*\/fer2013\/manifest\.csv \(pass the CSV file itself as --data, or a folder holding <split>\.csv\)/ },
};
