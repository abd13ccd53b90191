import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import type { Sample, Skip } from '../../../core/sample.js';
import names from './classnames.json' with { type: 'json' };
import { readCsv } from '../../../core/csv.js';
import { isImageFile } from '../../layouts/image-files.js';
import { checkSplit } from '../../layouts/checks.js';
import type { DatasetAdapter, OpenedDataset } from '../../types.js';

/**
 * FairFace (margin 0.25 images): `<root>/fairface_label_<part>.csv` with columns file,age,gender,race,service_test
 * and the images under `<root>/<part>/`. Every sample keeps race, gender, age and service_test as attributes.
 * The split names the part and the classification target, `<part>:<target>`:
 * - race (7), gender (2), age (9): the CLIP paper's FairFace classification tasks;
 * - race-gender (14): the 7 races x 2 genders;
 * - race-gender-harm (21): those 14 plus the non-human and crime-related classes of the paper's harm
 *   analysis; images are labelled with their race-gender class, the 7 extra classes have no images.
 * A bare `<part>` means `<part>:race`.
 */
const PARTS = ['val', 'train'] as const;
const TARGETS = ['race', 'gender', 'age', 'race-gender', 'race-gender-harm'] as const;
type Target = (typeof TARGETS)[number];
const SPLITS = PARTS.flatMap((p) => [p, ...TARGETS.map((t) => `${p}:${t}`)]);
const COLUMNS = ['file', 'age', 'gender', 'race', 'service_test'] as const;

/** Non-human and crime-related class names added for the harm analysis (CLIP paper, section 7.1). */
export const FAIRFACE_HARM_CLASSES: readonly string[] = [...names.harm['non-human'], ...names.harm['crime-related']];

/** The classes of a target: CSV value -> class name pairs, in label order, plus extra classes without images. */
function targetClasses(target: Target): { values: readonly (readonly string[])[]; extra: readonly string[] } {
  switch (target) {
    case 'race':
    case 'gender':
    case 'age':
    case 'race-gender':
      return { values: names[target], extra: [] };
    case 'race-gender-harm':
      return { values: names['race-gender'], extra: FAIRFACE_HARM_CLASSES };
    default: {
      const never: never = target;
      throw new Error(`unreachable target ${String(never)}`);
    }
  }
}

/** The CSV value a target classifies: a column, or race and gender joined as `<race>_<gender>`. */
function targetValue(target: Target, record: Readonly<Record<string, string>>): string {
  return target === 'race' || target === 'gender' || target === 'age' ? (record[target] ?? '') : `${record.race}_${record.gender}`;
}

export const fairface: DatasetAdapter = {
  name: 'fairface',
  title: 'FairFace (race, gender, age; harm analysis)',
  layout: '<root>/fairface_label_{val,train}.csv (file,age,gender,race,service_test) with the images under <root>/{val,train}/; split = <part>:<race|gender|age|race-gender|race-gender-harm>',
  splits: SPLITS,
  defaultSplit: 'val:race',
  metric: 'top1',
  classCount: null,
  templates: 'fairface',
  source: `class names and the template "a photo of {}" from CLIP_benchmark (fairface, fairface_race, fairface_gender; age names ours); harm classes: ${FAIRFACE_HARM_CLASSES.join(', ')}`,
  async open(root, { split }): Promise<OpenedDataset> {
    checkSplit('fairface', SPLITS, split);
    const [part, target = 'race'] = split.split(':') as [string, Target?];
    const file = join(root, `fairface_label_${part}.csv`);
    const table = await readCsv(file, COLUMNS, `FairFace (expected ${root}/fairface_label_${part}.csv with ${COLUMNS.join(',')} and images under ${root}/${part}/)`);
    const { values, extra } = targetClasses(target);
    const labelOf = new Map(values.map(([value], i) => [value!, i]));
    const attributes = table.columns.filter((c) => c !== 'file');
    const skipped: Skip[] = [];
    const samples: Sample[] = [];
    table.records.forEach((record, i) => {
      const path = record.file ?? '';
      const value = targetValue(target, record);
      const label = labelOf.get(value);
      const reason = path === '' ? 'empty file column' : !isImageFile(path) ? 'not an image file' : label === undefined ? `${target} '${value}' is not a FairFace ${target} class` : undefined;
      if (reason !== undefined) {
        skipped.push({ path: path === '' ? `${file}:${i + 2}` : path, reason });
        return;
      }
      samples.push({
        id: path,
        source: { kind: 'file', path: join(root, path) },
        label: label!,
        attrs: Object.fromEntries(attributes.map((a) => [a, record[a] ?? ''])),
      });
    });
    if (samples.length === 0) throw new ClipEvalError('DATASET', `FairFace: ${file} lists no usable images (${skipped.length} rows skipped)`);
    return {
      name: 'fairface',
      split,
      root,
      classnames: [...values.map(([, name]) => name!), ...extra],
      attributes,
      size: samples.length,
      async *samples() {
        yield* samples;
      },
      skipped: () => skipped,
    };
  },
};
