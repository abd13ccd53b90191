import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import { readCsv } from '../../../core/csv.js';
import { readMatFile } from '../../formats/mat.js';
import { matField, matLength, matNumbers, matText, matVariable } from '../../formats/mat-values.js';
import { firstExisting, isFile } from '../../layouts/checks.js';

/**
 * Labels of ImageNet's flat validation folder (ILSVRC2012_val_00000001.JPEG ...), by image name without
 * extension, as WordNet ids. Read from, in this order:
 * - Kaggle's LOC_val_solution.csv (ImageId, PredictionString whose first token is the synset);
 * - the devkit's ILSVRC2012_validation_ground_truth.txt (line i = ILSVRC2012_ID of image i, 1-based — not the
 *   sorted-synset index), mapped to synsets by the devkit's meta.mat (`synsets` struct: ILSVRC2012_ID, WNID)
 *   or by a map_clsloc.txt ("<wnid> <ILSVRC2012_ID> <name>" lines, as later devkits ship).
 */
export const VAL_LABEL_FILES = {
  kaggle: 'LOC_val_solution.csv',
  groundTruth: 'ILSVRC2012_validation_ground_truth.txt',
  meta: 'meta.mat',
  mapClsloc: 'map_clsloc.txt',
} as const;

export interface ValLabels {
  readonly byImage: ReadonlyMap<string, string>;
  /** The file(s) the labels came from, for messages and skip reasons. */
  readonly source: string;
}

async function fromKaggle(path: string): Promise<ValLabels> {
  const table = await readCsv(path, ['ImageId', 'PredictionString'], 'ImageNet');
  const byImage = new Map<string, string>();
  table.records.forEach((r, i) => {
    const wnid = (r.PredictionString ?? '').split(/\s+/)[0] ?? '';
    if (wnid === '') throw new ClipEvalError('DATASET', `ImageNet: ${path} row ${i + 2} has no synset in PredictionString`);
    byImage.set(r.ImageId ?? '', wnid);
  });
  return { byImage, source: path };
}

/** ILSVRC2012_ID -> WordNet id from the devkit's meta.mat. */
async function idsFromMeta(path: string): Promise<Map<number, string>> {
  const synsets = matVariable(await readMatFile(path), 'synsets', path);
  const ids = new Map<number, string>();
  for (let i = 0; i < matLength(synsets); i++) {
    const id = matNumbers(matField(synsets, i, 'ILSVRC2012_ID', `${path}: synsets`), `${path}: synsets(${i + 1}).ILSVRC2012_ID`)[0];
    if (id !== undefined) ids.set(id, matText(matField(synsets, i, 'WNID', `${path}: synsets`), `${path}: synsets(${i + 1}).WNID`));
  }
  return ids;
}

/** ILSVRC2012_ID -> WordNet id from map_clsloc.txt lines "<wnid> <id> <name>". */
async function idsFromClsloc(path: string): Promise<Map<number, string>> {
  const ids = new Map<number, string>();
  (await readFile(path, 'utf8')).split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const [wnid, id] = line.trim().split(/\s+/);
    if (wnid === undefined || id === undefined || !/^\d+$/.test(id)) {
      throw new ClipEvalError('DATASET', `ImageNet: ${path} line ${i + 1} is not "<wnid> <ILSVRC2012_ID> <name>": ${JSON.stringify(line)}`);
    }
    ids.set(Number(id), wnid);
  });
  return ids;
}

async function fromDevkit(dir: string, root: string): Promise<ValLabels | undefined> {
  const truth = join(dir, VAL_LABEL_FILES.groundTruth);
  if (!(await isFile(truth))) return undefined;
  const meta = join(dir, VAL_LABEL_FILES.meta);
  const clsloc = [join(dir, VAL_LABEL_FILES.mapClsloc), join(root, VAL_LABEL_FILES.mapClsloc)];
  let ids: Map<number, string>;
  let mapping: string;
  if (await isFile(meta)) [ids, mapping] = [await idsFromMeta(meta), meta];
  else {
    const found = await firstExisting(clsloc, 'file');
    if (found === undefined) {
      throw new ClipEvalError(
        'DATASET',
        `ImageNet: ${truth} holds ILSVRC2012_IDs, which need the devkit's ${meta} (or a ${VAL_LABEL_FILES.mapClsloc} in ${dir} or ${root}) to map them to synsets; neither was found`,
      );
    }
    [ids, mapping] = [await idsFromClsloc(found), found];
  }
  const byImage = new Map<string, string>();
  (await readFile(truth, 'utf8')).split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const wnid = /^\d+$/.test(line.trim()) ? ids.get(Number(line.trim())) : undefined;
    if (wnid === undefined) {
      throw new ClipEvalError('DATASET', `ImageNet: ${truth} line ${i + 1} (${JSON.stringify(line.trim())}) is not an ILSVRC2012_ID listed in ${mapping}`);
    }
    byImage.set(`ILSVRC2012_val_${String(i + 1).padStart(8, '0')}`, wnid);
  });
  return { byImage, source: `${truth} + ${mapping}` };
}

export async function readValLabels(root: string): Promise<ValLabels> {
  const kaggle = join(root, VAL_LABEL_FILES.kaggle);
  if (await isFile(kaggle)) return fromKaggle(kaggle);
  for (const dir of [root, join(root, 'ILSVRC2012_devkit_t12', 'data')]) {
    const labels = await fromDevkit(dir, root);
    if (labels !== undefined) return labels;
  }
  throw new ClipEvalError(
    'DATASET',
    `ImageNet: the validation images in ${root} are not in synset folders and no labels were found (expected ${kaggle}, or the devkit's ${VAL_LABEL_FILES.groundTruth} with ${VAL_LABEL_FILES.meta} or ${VAL_LABEL_FILES.mapClsloc} in ${root} or ${join(root, 'ILSVRC2012_devkit_t12', 'data')})`,
  );
}
