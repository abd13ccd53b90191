import classnames from './classnames.json' with { type: 'json' };
import { idxDataset } from '../../formats/idx-dataset.js';

export const mnist = idxDataset({
  name: 'mnist',
  title: 'MNIST',
  torchvisionFolder: 'MNIST',
  classnames,
  templates: 'mnist',
  source: "class names and template from OpenAI CLIP's data/prompts.md (MNIST)",
});
