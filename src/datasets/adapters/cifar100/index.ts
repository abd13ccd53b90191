import { cifarDataset } from '../../formats/cifar-batches.js';
import classnames from './classnames.json' with { type: 'json' };

export const cifar100 = cifarDataset({
  name: 'cifar100',
  title: 'CIFAR-100',
  classnames,
  templates: 'cifar',
  source: "class names (the 100 fine labels) and templates from OpenAI CLIP's data/prompts.md (CIFAR100); the superclass is kept as the attribute 'coarse'",
  python: { folder: 'cifar-100-python', batches: { train: ['train'], test: ['test'] }, meta: 'meta' },
  binary: { folder: 'cifar-100-binary', batches: { train: ['train.bin'], test: ['test.bin'] }, meta: 'coarse_label_names.txt' },
  coarse: true,
});
