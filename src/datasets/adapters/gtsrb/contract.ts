import { expect } from 'vitest';
import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/gtsrb, made by tools/make-dataset-fixtures/class_folders.py. */
export const contract: AdapterContract = {
  fixture: 'gtsrb',
  size: 3,
  samples: 2,
  first: { id: 'GTSRB/Final_Test/Images/00000.ppm', label: 14 },
  skipped: [
    { path: 'GTSRB/Final_Test/Images/00009.ppm', reason: 'listed in GT-final_test.csv but the file is missing' },
    { path: 'GTSRB/Final_Test/Images/00002.ppm', reason: expect.stringMatching(/truncated PNM: 6x4x3 needs 83 bytes, found 40$/) },
  ],
  wrongRoot: { fixture: 'fer2013', error: /^gtsrb: GTSRB\/ not found under .*\/fer2013 \(expected <root>\/GTSRB\/Final_Training\/Images\/<00000-00042>\/\*\.ppm with GT-<class>\.csv, <root>\/GTSRB\/Final_Test\/Images\/\*\.ppm and GT-final_test\.csv \(from GTSRB_Final_Test_GT\.zip\) in <root>\/ or beside the test images; torchvision's <root>\/gtsrb\/ and GTSRB\/Training\/ too/ },
  paper: { metric: 'top1', classes: 43 },
};
