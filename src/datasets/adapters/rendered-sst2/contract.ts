import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/rendered-sst2, made by tools/make-dataset-fixtures/class_folders.py. */
export const contract: AdapterContract = {
  fixture: 'rendered-sst2',
  size: 3,
  samples: 3,
  first: { id: 'test/negative/0.png', label: 0 },
  skipped: [],
  wrongRoot: { fixture: 'eurosat', error: /^rendered-sst2: test\/ not found under .*\/eurosat \(expected <root>\/\{train,valid,test\}\/\{negative,positive\}\/\*\.png \(the rendered-sst2 archive; also <root>\/rendered-sst2\/<split>\/\)/ },
  paper: { metric: 'top1', classes: 2 },
};
