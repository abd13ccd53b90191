import type { AdapterContract } from '../../../../test/datasets/adapter-contract.js';

/** test/fixtures/datasets/sun397, made by tools/make-dataset-fixtures/image_lists.py. */
export const contract: AdapterContract = {
  fixture: 'sun397',
  size: 3,
  samples: 3,
  first: { id: 'SUN397/a/apartment_building/outdoor/sun_aaeluvfkqrfsjamm.jpg', label: 8 },
  skipped: [],
  wrongRoot: { fixture: 'dtd', error: /^sun397: Partitions\/Testing_01\.txt not found under .*\/dtd \(expected <root>\/Partitions\/Testing_01\.txt \(from Partitions\.zip\) beside <root>\/SUN397\/<letter>\/<class>\// },
  paper: { metric: 'top1', classes: 397 },
};
