import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import { folderSamples, listClassFolders, type FolderLabel } from '../../layouts/class-folders.js';
import { IMAGENET_CLASSNAMES } from '../../layouts/imagenet-classes/index.js';
import { checkSplit, describeFolder, isDirectory } from '../../layouts/checks.js';
import { OBJECTNET_MAPPING_FILES, readObjectNetMappings, type ObjectNetClasses } from '../../formats/objectnet-mappings.js';
import type { DatasetAdapter, LabelMapping, OpenedDataset } from '../../types.js';

/**
 * ObjectNet 1.0 under its two evaluation protocols (the split names the protocol):
 * - `testbed` (the CLIP paper via imagenet-testbed): the 2-pixel border is cut, the classifier is built over
 *   the ImageNet classes that map to the 113 overlapping ObjectNet classes, and a prediction is a hit when
 *   its ImageNet class maps to the image's ObjectNet class;
 * - `clip-benchmark` (CLIP_benchmark, DataComp): a 113-way classifier over the lower-cased ObjectNet labels.
 * Images of the other 200 ObjectNet classes are not evaluated by either (one skip per folder).
 */
const PROTOCOLS = ['testbed', 'clip-benchmark'] as const;
type Protocol = (typeof PROTOCOLS)[number];

/** imagenet-testbed crops this many pixels from every side (ObjectNet images have a 1-pixel red border). */
const TESTBED_BORDER = 2;

/** The testbed classifier: ImageNet classes mapping to the ObjectNet classes, each counted as its ObjectNet label. */
export function testbedLabels(classes: ObjectNetClasses, where: string): { classnames: string[]; labels: LabelMapping } {
  const owner = new Map<number, number>();
  classes.imagenet.forEach((indices, label) => {
    for (const index of indices) {
      const previous = owner.get(index);
      if (previous !== undefined && previous !== label) {
        throw new ClipEvalError(
          'DATASET',
          `${where}: ImageNet class ${index} (${IMAGENET_CLASSNAMES[index]}) maps to two ObjectNet classes, "${classes.labels[previous]}" and "${classes.labels[label]}"; the testbed protocol needs one`,
        );
      }
      owner.set(index, label);
    }
  });
  const indices = [...owner.keys()].sort((a, b) => a - b);
  return {
    classnames: indices.map((i) => IMAGENET_CLASSNAMES[i]!),
    labels: { names: classes.labels, classToLabel: Int32Array.from(indices, (i) => owner.get(i)!) },
  };
}

async function resolveRoot(root: string): Promise<string> {
  for (const candidate of [root, join(root, 'objectnet-1.0')]) {
    if (await isDirectory(join(candidate, 'images'))) return candidate;
  }
  throw new ClipEvalError(
    'DATASET',
    `ObjectNet: no images/ folder under ${root} (expected <root>/images/<folder>/*.png and <root>/mappings/{${OBJECTNET_MAPPING_FILES.join(', ')}}, as ObjectNet 1.0 unpacks into objectnet-1.0/; ${await describeFolder(root)})`,
  );
}

export const objectnet: DatasetAdapter = {
  name: 'objectnet',
  title: 'ObjectNet 1.0 (113 classes overlapping ImageNet)',
  layout: `<root>/images/<folder>/*.png and <root>/mappings/{${OBJECTNET_MAPPING_FILES.join(', ')}} (<root> = objectnet-1.0/ or its parent)`,
  splits: PROTOCOLS,
  defaultSplit: 'testbed',
  metric: 'top1',
  classCount: 113,
  templates: 'imagenet',
  source:
    "testbed: OpenAI's ImageNet class names (openai/CLIP notebook) of the mapped classes, labels and mapping from the dataset's mappings/; clip-benchmark: the dataset's ObjectNet labels lower-cased, as CLIP_benchmark; templates: the 80 ImageNet templates",
  async open(root, { split }): Promise<OpenedDataset> {
    checkSplit('objectnet', PROTOCOLS, split);
    const protocol = split as Protocol;
    const base = await resolveRoot(root);
    const classes = await readObjectNetMappings(join(base, 'mappings'), 'ObjectNet');
    const labelOfFolder = new Map(classes.folders.map((f, i) => [f, i]));
    const labelOf = (folder: string): FolderLabel => {
      const label = labelOfFolder.get(folder);
      if (label !== undefined) return { label };
      const name = classes.folderLabels.get(folder);
      return {
        skip: name === undefined
          ? `folder not listed in ${OBJECTNET_MAPPING_FILES[0]}`
          : `ObjectNet class "${name}" has no ImageNet counterpart (not among the ${classes.folders.length} evaluated classes)`,
      };
    };
    const listing = await listClassFolders(join(base, 'images'), base, labelOf);
    if (listing.size === 0) {
      throw new ClipEvalError('DATASET', `ObjectNet: no images of the ${classes.folders.length} mapped classes under ${join(base, 'images')} (${await describeFolder(join(base, 'images'))})`);
    }
    const common = { name: 'objectnet', split, root, protocol, size: listing.size, skipped: () => listing.skipped };
    switch (protocol) {
      case 'testbed':
        return {
          ...common,
          ...testbedLabels(classes, 'ObjectNet'),
          samples: () => folderSamples(listing.images(), TESTBED_BORDER),
        };
      case 'clip-benchmark':
        return { ...common, classnames: classes.labels.map((l) => l.toLowerCase()), samples: () => folderSamples(listing.images()) };
      default: {
        const never: never = protocol;
        throw new Error(`unreachable protocol ${String(never)}`);
      }
    }
  },
};
