import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import type { Sample, Skip } from '../../../core/sample.js';
import { readCsv } from '../../../core/csv.js';
import { compareStrings, isImageFile } from '../../layouts/image-files.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

/** Resolves --data to the manifest: the CSV file itself, or `<root>/<split>.csv`. */
async function manifestPath(root: string, split: string): Promise<string> {
  const info = await stat(root).catch(() => undefined);
  if (info?.isFile()) return root;
  if (info?.isDirectory()) {
    const candidate = join(root, `${split === '.' ? 'manifest' : split}.csv`);
    if ((await stat(candidate).catch(() => undefined))?.isFile()) return candidate;
    throw new ClipEvalError('DATASET', `csv: no manifest ${candidate} (pass the CSV file itself as --data, or a folder holding <split>.csv)`);
  }
  throw new ClipEvalError('DATASET', `csv: ${root} does not exist (expected a CSV manifest with columns path,label)`);
}

export const csvManifest: DatasetAdapter = {
  name: 'csv',
  title: 'CSV manifest',
  layout: 'a CSV file with a header `path,label[,attr...]` (paths relative to the CSV file; extra columns kept as attributes), or <root>/<split>.csv',
  splits: ['.'],
  defaultSplit: '.',
  metric: 'top1',
  classCount: null,
  templates: 'single',
  source: 'class names from the label column (sorted; integer labels numerically), or --classnames',
  async open(root, { split }): Promise<OpenedDataset> {
    const file = await manifestPath(root, split);
    const { columns, records } = await readCsv(file, ['path', 'label'], 'csv');
    const attributes = columns.filter((c) => c !== 'path' && c !== 'label');
    const labelValues = [...new Set(records.map((r) => r.label ?? ''))];
    const numeric = labelValues.every((v) => /^\d+$/.test(v));
    const classnames = numeric
      ? Array.from({ length: Math.max(...labelValues.map(Number)) + 1 }, (_, i) => String(i))
      : labelValues.sort(compareStrings);
    const index = new Map(classnames.map((c, i) => [c, i]));
    const base = dirname(file);
    const skipped: Skip[] = [];
    const items: Sample[] = [];
    records.forEach((r, line) => {
      const path = r.path ?? '';
      if (path === '' || (r.label ?? '') === '') {
        skipped.push({ path: `${file}:${line + 2}`, reason: 'empty path or label' });
        return;
      }
      if (!isImageFile(path)) {
        skipped.push({ path, reason: 'not an image file extension' });
        return;
      }
      const attrs = Object.fromEntries(attributes.map((a) => [a, r[a] ?? '']));
      items.push({
        id: path,
        source: { kind: 'file', path: isAbsolute(path) ? path : resolve(base, path) },
        label: index.get(r.label!)!,
        ...(attributes.length > 0 ? { attrs } : {}),
      });
    });
    if (items.length === 0) throw new ClipEvalError('DATASET', `csv: ${file} lists no image files`);
    return {
      name: 'csv',
      split,
      root,
      classnames,
      attributes,
      size: items.length,
      async *samples() {
        yield* items;
      },
      skipped: () => skipped,
    };
  },
};
