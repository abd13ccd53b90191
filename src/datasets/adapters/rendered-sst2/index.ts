import { join } from 'node:path';
import classnames from './classnames.json' with { type: 'json' };
import { fixedFoldersDataset } from '../../layouts/fixed-folders.js';

/** OpenAI's Rendered SST2 (data/rendered-sst2.md): <split>/{negative,positive}/*.png. */
export const renderedSst2 = fixedFoldersDataset({
  name: 'rendered-sst2',
  title: 'Rendered SST2',
  layout: "<root>/{train,valid,test}/{negative,positive}/*.png (the rendered-sst2 archive; also <root>/rendered-sst2/<split>/)",
  splits: ['test', 'train', 'valid'],
  defaultSplit: 'test',
  metric: 'top1',
  templates: 'rendered-sst2',
  source: "class names and template from OpenAI CLIP's data/prompts.md (SST2)",
  classnames,
  folders: ['negative', 'positive'],
  bases: (root, split) => [join(root, split), join(root, 'rendered-sst2', split)],
});
