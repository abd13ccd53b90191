import { join } from 'node:path';
import classnames from './classnames.json' with { type: 'json' };
import { fixedFoldersDataset } from '../../layouts/fixed-folders.js';

/**
 * EuroSAT RGB, all 27,000 images as CLIP_benchmark evaluates them: the CLIP paper's 5,000-image test subset
 * was drawn at random and is not published.
 */
export const eurosat = fixedFoldersDataset({
  name: 'eurosat',
  title: 'EuroSAT (RGB)',
  layout: "<root>/2750/<Class>/*.jpg (EuroSAT.zip; EuroSAT_RGB.zip's <root>/EuroSAT_RGB/ and torchvision's <root>/eurosat/2750/ too)",
  splits: ['all'],
  defaultSplit: 'all',
  metric: 'top1',
  templates: 'eurosat',
  source: "class names and templates from OpenAI CLIP's data/prompts.md (EuroSAT), put in the order of the sorted class folders",
  classnames,
  folders: ['AnnualCrop', 'Forest', 'HerbaceousVegetation', 'Highway', 'Industrial', 'Pasture', 'PermanentCrop', 'Residential', 'River', 'SeaLake'],
  bases: (root) => [join(root, '2750'), join(root, 'EuroSAT_RGB'), join(root, 'eurosat', '2750')],
});
