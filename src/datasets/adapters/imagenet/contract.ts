import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/imagenet, made by tools/make-dataset-fixtures/imagenet.py. */
export const contract: AdapterContract = {
  fixture: 'imagenet',
  size: 6,
  samples: 6,
  first: { id: 'val/n01440764/ILSVRC2012_val_00000293.JPEG', label: 0 },
  skipped: [
    { path: 'val/n99999999/', reason: 'not one of the 1000 ImageNet-1k synsets; its files were not read' },
    { path: 'val/n01440764/README.txt', reason: 'not an image file (extension .txt)' },
  ],
  wrongRoot: { fixture: 'objectnet', error: /^ImageNet: no val\/ folder \(expected .*\/objectnet\/val or .*\/objectnet\/ILSVRC\/Data\/CLS-LOC\/val holding <wnid>\/\*\.JPEG folders or the flat ILSVRC2012_val_\*\.JPEG files/ },
};
