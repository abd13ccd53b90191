import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/imagefolder, made by tools/make-dataset-fixtures/generic.py. */
export const contract: AdapterContract = {
  fixture: 'imagefolder',
  classes: 2,
  size: 3,
  samples: 3,
  first: { id: 'cat/1.jpg', label: 0 },
  skipped: [
    { path: 'cat/notes.txt', reason: 'not an image file (extension .txt)' },
  ],
  wrongRoot: { fixture: 'fer2013', error: /^imagefolder: no class folders in .*\/fer2013 \(expected one sub-folder per class holding its images\)/ },
};
