import { join, relative } from 'node:path';
import type { Sample, Skip } from '../../../core/sample.js';
import synonyms from './classnames.json' with { type: 'json' };
import { streamCsv } from '../../../core/csv.js';
import { pixelSource } from '../../formats/pixels.js';
import { checkSplit, firstExisting, layoutError } from '../../layouts/checks.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

/** The Usage value of each split: the public test set is the validation split, the private one the test split. */
const USAGE = { test: 'PrivateTest', val: 'PublicTest', train: 'Training' } as const;
const splits = Object.keys(USAGE);
const SIDE = 48;
/** CLIP names some classes twice or three times (['happy', 'smiling']); the classifier uses the first name. */
const classnames = synonyms.map((names) => names[0]!);

/**
 * FER2013 as released for the Kaggle challenge: fer2013.csv with columns emotion (0-6), pixels (48x48
 * space-separated gray values, row by row) and Usage. The file is streamed: rows are parsed as they are
 * yielded, and malformed rows are reported as skipped.
 */
export const fer2013: DatasetAdapter = {
  name: 'fer2013',
  title: 'FER2013',
  layout: "<root>/fer2013.csv (columns emotion,pixels,Usage; also <root>/fer2013/fer2013.csv or Kaggle's icml_face_data.csv)",
  splits,
  defaultSplit: 'test',
  metric: 'top1',
  classCount: classnames.length,
  templates: 'fer2013',
  source: "class names and templates from OpenAI CLIP's data/prompts.md (FacialEmotionRecognition2013), first name of each class",
  async open(root, { split }): Promise<OpenedDataset> {
    const usage = USAGE[checkSplit('fer2013', splits, split) as keyof typeof USAGE];
    const file = await firstExisting(['fer2013.csv', 'fer2013/fer2013.csv', 'icml_face_data.csv'].map((f) => join(root, f)), 'file');
    if (file === undefined) throw await layoutError('fer2013', 'fer2013.csv', root, '<root>/fer2013.csv with columns emotion,pixels,Usage');
    const columns = ['emotion', 'pixels', 'Usage'];
    for await (const _ of streamCsv(file, columns, `fer2013: ${file}`)) break; // checks the header now, not at the first sample
    const id = relative(root, file);
    let skipped: Skip[] = [];
    return {
      name: 'fer2013',
      split,
      root,
      classnames,
      synonyms,
      size: undefined,
      async *samples(): AsyncGenerator<Sample> {
        skipped = [];
        let row = -1;
        for await (const { record, line } of streamCsv(file, columns, `fer2013: ${file}`)) {
          row++;
          if (record.Usage !== usage) continue;
          const label = Number(record.emotion);
          const values = (record.pixels ?? '').split(/\s+/).filter((v) => v !== '').map(Number);
          if (!Number.isInteger(label) || label < 0 || label >= classnames.length) {
            skipped.push({ path: `${id}:${line}`, reason: `emotion '${record.emotion}' is not 0-${classnames.length - 1}` });
          } else if (values.length !== SIDE * SIDE || values.some((v) => !Number.isInteger(v) || v < 0 || v > 255)) {
            skipped.push({ path: `${id}:${line}`, reason: `pixels holds ${values.length} values, expected ${SIDE * SIDE} gray levels 0-255 (48x48)` });
          } else {
            yield { id: `${id}#${row}`, source: pixelSource(Uint8Array.from(values), SIDE, SIDE, 1), label };
          }
        }
      },
      skipped: () => skipped,
    };
  },
};
