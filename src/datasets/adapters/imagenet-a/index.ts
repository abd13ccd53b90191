import { IMAGENET_SUBSETS } from '../../layouts/imagenet-classes/index.js';
import { synsetFolderDataset } from '../../layouts/synset-folders.js';

export const imagenetA = synsetFolderDataset({
  name: 'imagenet-a',
  title: 'ImageNet-A',
  folder: 'imagenet-a',
  subset: IMAGENET_SUBSETS['imagenet-a'],
  source:
    "class list: hendrycks/natural-adv-examples eval.py (200 classes); names: OpenAI's ImageNet names (openai/CLIP notebook) of those classes; templates: the 80 ImageNet templates",
});
