import { basename, join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import { folderSamples, listClassFolders, type FolderLabel } from '../../layouts/class-folders.js';
import { IMAGENET_CLASSNAMES } from '../../layouts/imagenet-classes/index.js';
import { checkSplit, describeFolder, firstExisting } from '../../layouts/checks.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

/** The three variants (split names as ImageNetV2_pytorch names them) and the folders their archives unpack into. */
const VARIANT_FOLDERS = {
  'matched-frequency': 'imagenetv2-matched-frequency-format-val',
  'threshold-0.7': 'imagenetv2-threshold0.7-format-val',
  'top-images': 'imagenetv2-top-images-format-val',
} as const;
type Variant = keyof typeof VARIANT_FOLDERS;
const VARIANTS = Object.keys(VARIANT_FOLDERS) as Variant[];

/** Class folders are ImageNet class indices: read as integers, so that `10` sorts after `9`. */
function indexFolder(folder: string): FolderLabel {
  const label = /^\d+$/.test(folder) ? Number(folder) : NaN;
  return label < IMAGENET_CLASSNAMES.length ? { label } : { skip: `not a class-index folder (expected 0..${IMAGENET_CLASSNAMES.length - 1})` };
}

export const imagenetV2: DatasetAdapter = {
  name: 'imagenet-v2',
  title: 'ImageNetV2',
  layout: `<root>/imagenetv2-<variant>-format-val/<class index 0..999>/<hash>.jpeg (${Object.values(VARIANT_FOLDERS).join(', ')}; also ImageNetV2_pytorch's ImageNetV2-<variant>/, or --data pointing at the variant folder)`,
  splits: VARIANTS,
  defaultSplit: 'matched-frequency',
  metric: 'top1',
  classCount: 1000,
  templates: 'imagenet',
  source: "names: OpenAI's 1000 ImageNet names (openai/CLIP notebook); templates: the 80 ImageNet templates",
  async open(root, { split }): Promise<OpenedDataset> {
    checkSplit('imagenet-v2', VARIANTS, split);
    const names: string[] = [VARIANT_FOLDERS[split as Variant], `ImageNetV2-${split}`];
    const base = await firstExisting([...names.map((n) => join(root, n)), ...(names.includes(basename(root)) ? [root] : [])], 'directory');
    if (base === undefined) {
      throw new ClipEvalError(
        'DATASET',
        `ImageNetV2: no ${names[0]}/ (or ${names[1]}/) folder under ${root} (expected <root>/${names[0]}/<class index>/<image>; ${await describeFolder(root)})`,
      );
    }
    const listing = await listClassFolders(base, root, indexFolder);
    if (listing.size === 0) throw new ClipEvalError('DATASET', `ImageNetV2: the class folders under ${base} hold no images`);
    return {
      name: 'imagenet-v2',
      split,
      root,
      classnames: IMAGENET_CLASSNAMES,
      size: listing.size,
      samples: () => folderSamples(listing.images()),
      skipped: () => listing.skipped,
    };
  },
};
