import { readdir } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import type { Skip } from '../../../core/sample.js';
import { folderSamples, listClassFolders, type ClassFolderListing, type FolderImage, type FolderLabel } from '../../layouts/class-folders.js';
import { compareStrings, listImages } from '../../layouts/image-files.js';
import { IMAGENET_CLASSNAMES, IMAGENET_SUBSETS, imagenetNames, isWnid } from '../../layouts/imagenet-classes/index.js';
import { readValLabels, VAL_LABEL_FILES } from './val-labels.js';
import { checkSplit, describeFolder, firstExisting } from '../../layouts/checks.js';
import { OBJECTNET_MAPPING_FILES, readObjectNetMappings } from '../../formats/objectnet-mappings.js';
import { synsetLabeler } from '../../layouts/synset-folders.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

/**
 * ILSVRC2012 validation images restricted to the classes of a robustness set, the x-axis counterparts of
 * imagenet-testbed's plots (split names are its robustness_top1s.csv columns): the classifier is built over
 * the subset's ImageNet classes and the images of the other classes are left out (one skip per class).
 */
const RESTRICTED = {
  'val-on-imagenet-r-classes': 'imagenet-r',
  'val-on-imagenet-a-classes': 'imagenet-a',
  'val-on-objectnet-classes': 'objectnet',
} as const;
type Restricted = keyof typeof RESTRICTED;
const SPLITS = ['val', 'train', ...(Object.keys(RESTRICTED) as Restricted[])] as const;

/** The ObjectNet-mapped classes are read from ObjectNet's own mapping files, copied or linked here. */
const OBJECTNET_MAPPINGS = 'objectnet-mappings';

async function subsetOf(split: string, root: string): Promise<readonly number[] | undefined> {
  if (!Object.hasOwn(RESTRICTED, split)) return undefined;
  const set = RESTRICTED[split as Restricted];
  if (set !== 'objectnet') return IMAGENET_SUBSETS[set];
  const classes = await readObjectNetMappings(join(root, OBJECTNET_MAPPINGS), `ImageNet ${split} (copy or link ObjectNet 1.0's mappings/ folder to <root>/${OBJECTNET_MAPPINGS})`);
  return [...new Set(classes.imagenet.flat())].sort((a, b) => a - b);
}

/**
 * The flat validation folder, labelled by a label file: one skip per unlabelled image, and one per synset
 * whose images are left out (outside a restricted split's classes, or not an ImageNet-1k synset).
 */
async function listFlatVal(base: string, root: string, labelOf: (wnid: string) => FolderLabel): Promise<ClassFolderListing> {
  const labels = await readValLabels(root);
  const listing = await listImages(base, root);
  const skipped: Skip[] = [...listing.skipped];
  const images: FolderImage[] = [];
  const leftOut = new Map<string, { reason: string; count: number }>();
  for (const id of listing.files) {
    const wnid = labels.byImage.get(basename(id, extname(id)));
    if (wnid === undefined) {
      skipped.push({ path: id, reason: `no label in ${labels.source}` });
      continue;
    }
    const meaning = labelOf(wnid);
    if ('label' in meaning) images.push({ id, path: join(root, id), label: meaning.label });
    else leftOut.set(wnid, { reason: meaning.skip, count: (leftOut.get(wnid)?.count ?? 0) + 1 });
  }
  const rel = relative(root, base).split(sep).join('/');
  for (const [wnid, { reason, count }] of leftOut) skipped.push({ path: `${rel}/ (${wnid})`, reason: `${reason}; its ${count} images were not read` });
  images.sort((a, b) => a.label - b.label || compareStrings(a.id, b.id));
  return { size: images.length, skipped, images: () => images };
}

export const imagenet: DatasetAdapter = {
  name: 'imagenet',
  title: 'ImageNet ILSVRC2012 (1000 classes)',
  layout: `<root>/{val,train}/<wnid>/*.JPEG (also Kaggle's <root>/ILSVRC/Data/CLS-LOC/), or a flat <root>/val/ILSVRC2012_val_*.JPEG labelled by <root>/${VAL_LABEL_FILES.kaggle} or the devkit's ${VAL_LABEL_FILES.groundTruth} + ${VAL_LABEL_FILES.meta} or ${VAL_LABEL_FILES.mapClsloc} (in <root> or <root>/ILSVRC2012_devkit_t12/data/); val-on-objectnet-classes also reads <root>/${OBJECTNET_MAPPINGS}/{${OBJECTNET_MAPPING_FILES.join(', ')}}`,
  splits: SPLITS,
  defaultSplit: 'val',
  metric: 'top1',
  classCount: 1000,
  templates: 'imagenet',
  source:
    "names: OpenAI's 1000 curated ImageNet names (openai/CLIP notebooks/imagenet_data.json, = CLIP_benchmark imagenet1k), class order: sorted WordNet ids; templates: its 80 ImageNet templates (imagenet-7: the 7 the notebook recommends)",
  async open(root, { split }): Promise<OpenedDataset> {
    checkSplit('imagenet', SPLITS, split);
    const folder = split === 'train' ? 'train' : 'val';
    const subset = await subsetOf(split, root);
    const candidates = [join(root, folder), join(root, 'ILSVRC', 'Data', 'CLS-LOC', folder)];
    const base = await firstExisting(candidates, 'directory');
    if (base === undefined) {
      throw new ClipEvalError('DATASET', `ImageNet: no ${folder}/ folder (expected ${candidates.join(' or ')} holding <wnid>/*.JPEG folders${folder === 'val' ? ' or the flat ILSVRC2012_val_*.JPEG files' : ''}; ${await describeFolder(root)})`);
    }
    const labelOf = synsetLabeler(subset, `class outside the ${subset?.length ?? IMAGENET_CLASSNAMES.length} classes of ${split}`);
    const entries = await readdir(base, { withFileTypes: true });
    let listing: ClassFolderListing;
    if (entries.some((e) => e.isDirectory() && isWnid(e.name))) listing = await listClassFolders(base, root, labelOf);
    else if (folder === 'val') listing = await listFlatVal(base, root, labelOf);
    else throw new ClipEvalError('DATASET', `ImageNet: ${base} holds no <wnid>/ synset folders (${await describeFolder(base)})`);
    if (listing.size === 0) throw new ClipEvalError('DATASET', `ImageNet: no labelled images of the ${subset?.length ?? 1000} classes of ${split} under ${base}`);
    return {
      name: 'imagenet',
      split,
      root,
      classnames: subset === undefined ? IMAGENET_CLASSNAMES : imagenetNames(subset),
      size: listing.size,
      samples: () => folderSamples(listing.images()),
      skipped: () => listing.skipped,
    };
  },
};
