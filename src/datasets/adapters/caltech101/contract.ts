import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/caltech101, made by tools/make-dataset-fixtures/class_folders.py. */
export const contract: AdapterContract = {
  fixture: 'caltech101',
  size: 5,
  samples: 5,
  first: { id: '101_ObjectCategories/BACKGROUND_Google/image_0001.jpg', label: 0 },
  skipped: [],
  wrongRoot: { fixture: 'country211', error: /^caltech101: 101_ObjectCategories\/ not found under .*\/country211 \(expected <root>\/101_ObjectCategories\/<class>\/image_0001\.jpg \.\.\. \(also CLIP_benchmark's <root>\/caltech101\/101_ObjectCategories\/\)/ },
  paper: { metric: 'mean_per_class_recall', classes: 102 },
};
