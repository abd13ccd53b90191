import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/country211, made by tools/make-dataset-fixtures/class_folders.py. */
export const contract: AdapterContract = {
  fixture: 'country211',
  size: 3,
  samples: 3,
  first: { id: 'test/AD/1.jpg', label: 0 },
  skipped: [
    { path: 'test/XX/', reason: '\'XX\' is not one of the 211 country211 class folders; its files were not read' },
  ],
  wrongRoot: { fixture: 'caltech101', error: /^country211: test\/ not found under .*\/caltech101 \(expected <root>\/\{train,valid,test\}\/<ISO country code>\/\*\.jpg \(the country211 archive; also <root>\/country211\/<split>\/\)/ },
  paper: { metric: 'top1', classes: 211 },
};
