import classnames from './classnames.json' with { type: 'json' };
import { idxDataset } from '../../formats/idx-dataset.js';

/** Not in the CLIP paper: its label names from the Fashion-MNIST README, with the single template. */
export const fashionMnist = idxDataset({
  name: 'fashion-mnist',
  title: 'Fashion-MNIST',
  torchvisionFolder: 'FashionMNIST',
  classnames,
  templates: 'single',
  source: "class names from the Fashion-MNIST README's label table (zalandoresearch/fashion-mnist); template 'a photo of a {}.' (not in the CLIP paper)",
});
