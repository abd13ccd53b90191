import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/imagenet-v2, made by tools/make-dataset-fixtures/imagenet.py. */
export const contract: AdapterContract = {
  fixture: 'imagenet-v2',
  size: 5,
  samples: 5,
  first: { id: 'imagenetv2-matched-frequency-format-val/0/00000a7c0e5d9b3f1.jpeg', label: 0 },
  skipped: [
    { path: 'imagenetv2-matched-frequency-format-val/extra/', reason: 'not a class-index folder (expected 0..999); its files were not read' },
  ],
  wrongRoot: { fixture: 'imagenet', error: /^ImageNetV2: no imagenetv2-matched-frequency-format-val\/ \(or ImageNetV2-matched-frequency\/\) folder under .*\/imagenet \(expected <root>\/imagenetv2-matched-frequency-format-val\/<class index>\/<image>/ },
};
