import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/wds, made by tools/make-dataset-fixtures/wds.py. */
export const contract: AdapterContract = {
  fixture: 'wds',
  classes: 4,
  size: undefined,
  samples: 9,
  first: { id: 'shard-000000.tar#s0000', label: 0 },
  skipped: [
    { path: 'shard-000001.tar/README', reason: 'member name has no extension' },
    { path: 'shard-000001.tar#s0101', reason: 'no label member (.cls, .json or .txt)' },
    { path: 'shard-000001.tar#s0102', reason: 'label 7 is outside the 4 classes of classnames.txt' },
  ],
  wrongRoot: { fixture: 'fairface', error: /^wds: no \.tar shards in .*\/fairface\/test or .*\/fairface \(expected WebDataset shards <root>\/\[test\/\]\*\.tar or a pattern like <dir>\/shard-\{000000\.\.000009\}\.tar/ },
};
