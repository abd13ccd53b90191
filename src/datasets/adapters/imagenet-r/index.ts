import { IMAGENET_SUBSETS } from '../../layouts/imagenet-classes/index.js';
import { synsetFolderDataset } from '../../layouts/synset-folders.js';

export const imagenetR = synsetFolderDataset({
  name: 'imagenet-r',
  title: 'ImageNet-R',
  folder: 'imagenet-r',
  subset: IMAGENET_SUBSETS['imagenet-r'],
  source:
    "class list: hendrycks/imagenet-r eval.py (200 wnids); names: OpenAI's ImageNet names (openai/CLIP notebook) of those classes; templates: the 80 ImageNet templates",
});
