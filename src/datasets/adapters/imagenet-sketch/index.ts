import { synsetFolderDataset } from '../../layouts/synset-folders.js';

export const imagenetSketch = synsetFolderDataset({
  name: 'imagenet-sketch',
  title: 'ImageNet-Sketch',
  folder: 'sketch',
  source: "names: OpenAI's 1000 ImageNet names (openai/CLIP notebook); templates: the 80 ImageNet templates",
});
