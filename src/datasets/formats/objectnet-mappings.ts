import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipEvalError, errorMessage, oneLine } from '../../core/errors.js';
import { compareStrings } from '../layouts/image-files.js';

/**
 * ObjectNet 1.0's own mapping files (its `mappings/` folder), read the way imagenet-testbed and
 * CLIP_benchmark read them:
 * - folder_to_objectnet_label.json: {"<folder>": "<ObjectNet label>"} for all 313 classes;
 * - objectnet_to_imagenet_1k.json: {"<ObjectNet label>": "<ImageNet label>; <ImageNet label>"} for the 113
 *   classes that overlap ImageNet;
 * - imagenet_to_label_2012_v2: one ImageNet label per line;
 * - pytorch_to_imagenet_2012_id.json: {"<sorted-wnid index>": <line of imagenet_to_label_2012_v2>}.
 */
export const OBJECTNET_MAPPING_FILES = [
  'folder_to_objectnet_label.json',
  'objectnet_to_imagenet_1k.json',
  'pytorch_to_imagenet_2012_id.json',
  'imagenet_to_label_2012_v2',
] as const;

export interface ObjectNetClasses {
  /** Every ObjectNet folder with its label (313 in ObjectNet 1.0). */
  readonly folderLabels: ReadonlyMap<string, string>;
  /** The folders of classes that overlap ImageNet, sorted by folder name (113 in ObjectNet 1.0). */
  readonly folders: readonly string[];
  /** Their ObjectNet labels, in `folders` order. */
  readonly labels: readonly string[];
  /** For each of `folders`, the ImageNet class indices (sorted-wnid order) that count as that class. */
  readonly imagenet: readonly (readonly number[])[];
}

async function readText(dir: string, file: string, where: string): Promise<string> {
  try {
    return await readFile(join(dir, file), 'utf8');
  } catch {
    throw new ClipEvalError(
      'DATASET',
      `${where}: mapping file ${file} not found under ${dir} (expected ObjectNet 1.0's mappings/ folder with ${OBJECTNET_MAPPING_FILES.join(', ')})`,
    );
  }
}

async function readJsonObject(dir: string, file: string, where: string): Promise<Record<string, unknown>> {
  const text = await readText(dir, file, where);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ClipEvalError('DATASET', `${where}: ${join(dir, file)} is not valid JSON: ${oneLine(errorMessage(error))}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ClipEvalError('DATASET', `${where}: ${join(dir, file)} should hold a JSON object`);
  }
  return value as Record<string, unknown>;
}

function stringValues(object: Record<string, unknown>, path: string, where: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(object)) {
    if (typeof value !== 'string') throw new ClipEvalError('DATASET', `${where}: ${path}: value of "${key}" should be a string`);
    out.set(key, value);
  }
  return out;
}

export async function readObjectNetMappings(dir: string, where: string): Promise<ObjectNetClasses> {
  const folderLabels = stringValues(await readJsonObject(dir, OBJECTNET_MAPPING_FILES[0], where), OBJECTNET_MAPPING_FILES[0], where);
  const toImagenet = stringValues(await readJsonObject(dir, OBJECTNET_MAPPING_FILES[1], where), OBJECTNET_MAPPING_FILES[1], where);
  const pytorchToLine = await readJsonObject(dir, OBJECTNET_MAPPING_FILES[2], where);
  const lines = (await readText(dir, OBJECTNET_MAPPING_FILES[3], where)).split('\n');

  const lineToIndex = new Map<number, number>();
  for (const [index, line] of Object.entries(pytorchToLine)) {
    if (!/^\d+$/.test(index) || typeof line !== 'number' || !Number.isInteger(line)) {
      throw new ClipEvalError('DATASET', `${where}: ${OBJECTNET_MAPPING_FILES[2]}: expected {"<index>": <line number>}, got "${index}": ${JSON.stringify(line)}`);
    }
    lineToIndex.set(line, Number(index));
  }
  // Keyed by label text; a label listed twice keeps its last line, as the reference loaders' dicts do.
  const labelToIndex = new Map<string, number>();
  lines.forEach((line, i) => {
    const index = lineToIndex.get(i);
    if (line.trim() !== '' && index !== undefined) labelToIndex.set(line.trim(), index);
  });

  const folderOf = new Map([...folderLabels].map(([folder, label]) => [label, folder]));
  const classes = [...toImagenet].map(([label, imagenetLabels]) => {
    const folder = folderOf.get(label);
    if (folder === undefined) {
      throw new ClipEvalError('DATASET', `${where}: ObjectNet label "${label}" of ${OBJECTNET_MAPPING_FILES[1]} has no folder in ${OBJECTNET_MAPPING_FILES[0]}`);
    }
    const imagenet = imagenetLabels.split('; ').map((name) => {
      const index = labelToIndex.get(name.trim());
      if (index === undefined) {
        throw new ClipEvalError(
          'DATASET',
          `${where}: ImageNet label "${name}" (for ObjectNet "${label}") is not a line of ${OBJECTNET_MAPPING_FILES[3]} mapped by ${OBJECTNET_MAPPING_FILES[2]}`,
        );
      }
      return index;
    });
    return { folder, label, imagenet };
  });
  classes.sort((a, b) => compareStrings(a.folder, b.folder));
  return {
    folderLabels,
    folders: classes.map((c) => c.folder),
    labels: classes.map((c) => c.label),
    imagenet: classes.map((c) => c.imagenet),
  };
}
