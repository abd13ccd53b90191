import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/eurosat, made by tools/make-dataset-fixtures/class_folders.py. */
export const contract: AdapterContract = {
  fixture: 'eurosat',
  size: 4,
  samples: 4,
  first: { id: '2750/AnnualCrop/AnnualCrop_1.jpg', label: 0 },
  skipped: [
    { path: '2750/Forest/readme.txt', reason: 'not an image file (extension .txt)' },
  ],
  wrongRoot: { fixture: 'dtd', error: /^eurosat: 2750\/ not found under .*\/dtd \(expected <root>\/2750\/<Class>\/\*\.jpg \(EuroSAT\.zip; EuroSAT_RGB\.zip's <root>\/EuroSAT_RGB\/ and torchvision's <root>\/eurosat\/2750\/ too\)/ },
  paper: { metric: 'top1', classes: 10 },
};
