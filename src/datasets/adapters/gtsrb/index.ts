import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import type { Sample, Skip } from '../../../core/sample.js';
import classnames from './classnames.json' with { type: 'json' };
import type { FolderImage } from '../../layouts/class-folders.js';
import { readCsv } from '../../../core/csv.js';
import { pixelSource } from '../../formats/pixels.js';
import { decodePnm } from '../../formats/pnm.js';
import { compareStrings, isImageFile } from '../../layouts/image-files.js';
import { checkSplit, firstExisting, isFile, layoutError } from '../../layouts/checks.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

const splits = ['test', 'train'] as const;
const LAYOUT =
  "<root>/GTSRB/Final_Training/Images/<00000-00042>/*.ppm with GT-<class>.csv, <root>/GTSRB/Final_Test/Images/*.ppm and GT-final_test.csv (from GTSRB_Final_Test_GT.zip) in <root>/ or beside the test images; torchvision's <root>/gtsrb/ and GTSRB/Training/ too";

function posix(path: string): string {
  return path.split(sep).join('/');
}

/** `;`-separated annotation rows (Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId) as images under `dir`. */
async function annotated(csv: string, dir: string, root: string): Promise<{ images: FolderImage[]; skipped: Skip[] }> {
  const present = new Set(await readdir(dir));
  const table = await readCsv(csv, ['Filename', 'ClassId'], `gtsrb: ${relative(root, csv)}`, { delimiter: ';' });
  const images: FolderImage[] = [];
  const skipped: Skip[] = [];
  table.records.forEach((row, i) => {
    const file = row.Filename ?? '';
    const label = Number(row.ClassId);
    const path = join(dir, file);
    if (!Number.isInteger(label) || label < 0 || label >= classnames.length) skipped.push({ path: `${posix(relative(root, csv))}:${i + 2}`, reason: `ClassId '${row.ClassId}' is not 0-${classnames.length - 1}` });
    else if (!present.has(file)) skipped.push({ path: posix(relative(root, path)), reason: `listed in ${posix(relative(root, csv))} but the file is missing` });
    else images.push({ id: posix(relative(root, path)), path, label });
  });
  return { images, skipped };
}

/** Training images: one folder per class id, each with its GT-<folder>.csv (or, without it, its .ppm files). */
async function training(dir: string, root: string): Promise<{ images: FolderImage[]; skipped: Skip[] }> {
  const images: FolderImage[] = [];
  const skipped: Skip[] = [];
  const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => compareStrings(a.name, b.name));
  for (const entry of entries) {
    const folder = join(dir, entry.name);
    const label = /^\d{5}$/.test(entry.name) ? Number(entry.name) : NaN;
    if (!entry.isDirectory() || !(label < classnames.length)) {
      skipped.push({ path: posix(relative(root, folder)), reason: `not a class folder 00000-000${classnames.length - 1}` });
      continue;
    }
    const csv = join(folder, `GT-${entry.name}.csv`);
    if (await isFile(csv)) {
      const listed = await annotated(csv, folder, root);
      images.push(...listed.images);
      skipped.push(...listed.skipped);
    } else {
      for (const file of (await readdir(folder)).filter((f) => f.endsWith('.ppm')).sort(compareStrings)) {
        images.push({ id: posix(relative(root, join(folder, file))), path: join(folder, file), label });
      }
    }
  }
  return { images, skipped };
}

/**
 * GTSRB (German Traffic Sign Recognition Benchmark) as distributed: .ppm images, which are decoded here into
 * 'pixels' samples because sharp cannot read PPM; an image that fails to decode is reported as skipped.
 */
export const gtsrb: DatasetAdapter = {
  name: 'gtsrb',
  title: 'GTSRB',
  layout: LAYOUT,
  splits,
  defaultSplit: 'test',
  metric: 'top1',
  classCount: classnames.length,
  templates: 'gtsrb',
  source: "class names and templates from OpenAI CLIP's data/prompts.md (GTSRB), in ClassId order",
  async open(root, { split }): Promise<OpenedDataset> {
    checkSplit('gtsrb', splits, split);
    const base = await firstExisting([join(root, 'GTSRB'), join(root, 'gtsrb', 'GTSRB')], 'directory');
    if (base === undefined) throw await layoutError('gtsrb', 'GTSRB/', root, LAYOUT);
    let listing: { images: FolderImage[]; skipped: Skip[] };
    if (split === 'train') {
      const dir = await firstExisting([join(base, 'Final_Training', 'Images'), join(base, 'Training')], 'directory');
      if (dir === undefined) throw await layoutError('gtsrb', 'GTSRB/Final_Training/Images/', root, LAYOUT);
      listing = await training(dir, root);
    } else {
      const dir = join(base, 'Final_Test', 'Images');
      // GTSRB_Final_Test_GT.zip unpacks beside GTSRB/ (torchvision's layout); some copies keep it with the images.
      const candidates = [join(dirname(base), 'GT-final_test.csv'), join(dir, 'GT-final_test.csv'), join(base, 'Final_Test', 'GT-final_test.csv')];
      const csv = await firstExisting(candidates, 'file');
      if (csv === undefined) throw await layoutError('gtsrb', 'GT-final_test.csv (the test labels; GT-final_test.test.csv has none)', root, LAYOUT);
      listing = await annotated(csv, dir, root);
    }
    const { images } = listing;
    if (images.length === 0) throw new ClipEvalError('DATASET', `gtsrb: no ${split} images found under ${base} (expected ${LAYOUT})`);
    let decodeSkips: Skip[] = [];
    return {
      name: 'gtsrb',
      split,
      root,
      classnames,
      size: images.length,
      async *samples(): AsyncGenerator<Sample> {
        decodeSkips = [];
        for (const image of images) {
          if (isImageFile(image.path)) {
            yield { id: image.id, source: { kind: 'file', path: image.path }, label: image.label };
            continue;
          }
          try {
            const { width, height, channels, data } = decodePnm(await readFile(image.path), image.path);
            yield { id: image.id, source: pixelSource(data, width, height, channels), label: image.label };
          } catch (error) {
            decodeSkips.push({ path: image.id, reason: (error as Error).message });
          }
        }
      },
      skipped: () => [...listing.skipped, ...decodeSkips],
    };
  },
};
