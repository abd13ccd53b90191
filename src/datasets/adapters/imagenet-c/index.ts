import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import { compareStrings } from '../../layouts/image-files.js';
import { folderSamples, listClassFolders } from '../../layouts/class-folders.js';
import { IMAGENET_CLASSNAMES } from '../../layouts/imagenet-classes/index.js';
import { describeFolder } from '../../layouts/checks.js';
import { synsetLabeler } from '../../layouts/synset-folders.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

/** ImageNet-C's 15 benchmark corruptions, then its 4 extra ones, as its archives name the folders. */
export const IMAGENET_C_CORRUPTIONS = [
  'gaussian_noise', 'shot_noise', 'impulse_noise', 'defocus_blur', 'glass_blur', 'motion_blur', 'zoom_blur',
  'snow', 'frost', 'fog', 'brightness', 'contrast', 'elastic_transform', 'pixelate', 'jpeg_compression',
  'speckle_noise', 'gaussian_blur', 'spatter', 'saturate',
] as const;
const SEVERITIES = [1, 2, 3, 4, 5] as const;

/** The `<corruption>/<severity>` folders present under root, for error messages. */
async function availableSplits(root: string): Promise<string[]> {
  const found: string[] = [];
  for (const corruption of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (!corruption.isDirectory()) continue;
    for (const severity of await readdir(join(root, corruption.name), { withFileTypes: true })) {
      if (severity.isDirectory()) found.push(`${corruption.name}/${severity.name}`);
    }
  }
  return found.sort(compareStrings);
}

export const imagenetC: DatasetAdapter = {
  name: 'imagenet-c',
  title: 'ImageNet-C (corruptions x severities)',
  layout: '<root>/<corruption>/<severity 1..5>/<wnid>/*.JPEG, as the noise/blur/weather/digital/extra archives unpack; split = <corruption>/<severity>',
  splits: IMAGENET_C_CORRUPTIONS.flatMap((c) => SEVERITIES.map((s) => `${c}/${s}`)),
  defaultSplit: 'gaussian_noise/1',
  metric: 'top1',
  classCount: 1000,
  templates: 'imagenet',
  source: "names: OpenAI's 1000 ImageNet names (openai/CLIP notebook); templates: the 80 ImageNet templates",
  async open(root, { split }): Promise<OpenedDataset> {
    const [corruption, severity, ...rest] = split.split('/');
    const available = await availableSplits(root);
    if (corruption === undefined || severity === undefined || rest.length > 0 || !available.includes(split)) {
      const what = available.length > 0 ? `available: ${available.join(', ')}` : await describeFolder(root);
      throw new ClipEvalError('DATASET', `ImageNet-C: no split '${split}' under ${root} (expected <root>/<corruption>/<severity>/<wnid>/<image>, split = <corruption>/<severity>; ${what})`);
    }
    const base = join(root, corruption, severity);
    const listing = await listClassFolders(base, root, synsetLabeler());
    if (listing.size === 0) throw new ClipEvalError('DATASET', `ImageNet-C: the class folders under ${base} hold no images`);
    return {
      name: 'imagenet-c',
      split,
      root,
      classnames: IMAGENET_CLASSNAMES,
      size: listing.size,
      samples: () => folderSamples(listing.images()),
      skipped: () => listing.skipped,
    };
  },
};
