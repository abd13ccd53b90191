import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/objectnet, made by tools/make-dataset-fixtures/objectnet.py. */
export const contract: AdapterContract = {
  fixture: 'objectnet',
  classes: 3, // the fixture's mapping files map 3 of ObjectNet's 113 classes
  size: 4,
  samples: 4,
  first: { id: 'images/alarm_clock/0000e4a1b2c3.png', label: 0 },
  skipped: [
    { path: 'images/README.txt', reason: 'not a class folder (expected one folder per class)' },
    { path: 'images/air_freshener/', reason: 'ObjectNet class "Air freshener" has no ImageNet counterpart (not among the 3 evaluated classes); its files were not read' },
  ],
  wrongRoot: { fixture: 'imagenet', error: /^ObjectNet: no images\/ folder under .*\/imagenet \(expected <root>\/images\/<folder>\/\*\.png and <root>\/mappings\/\{folder_to_objectnet_label\.json, objectnet_to_imagenet_1k\.json, pytorch_to_imagenet_2012_id\.json, imagenet_to_label_2012_v2\}, as ObjectNet 1\.0 unpacks into objectnet-1\.0\// },
};
