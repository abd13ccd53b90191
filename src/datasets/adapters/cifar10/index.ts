import { cifarDataset } from '../../formats/cifar-batches.js';
import classnames from './classnames.json' with { type: 'json' };

const train = ['data_batch_1', 'data_batch_2', 'data_batch_3', 'data_batch_4', 'data_batch_5'];

export const cifar10 = cifarDataset({
  name: 'cifar10',
  title: 'CIFAR-10',
  classnames,
  templates: 'cifar',
  source: "class names and templates from OpenAI CLIP's data/prompts.md (CIFAR10)",
  python: { folder: 'cifar-10-batches-py', batches: { train, test: ['test_batch'] }, meta: 'batches.meta' },
  binary: { folder: 'cifar-10-batches-bin', batches: { train: train.map((b) => `${b}.bin`), test: ['test_batch.bin'] }, meta: 'batches.meta.txt' },
  coarse: false,
});
