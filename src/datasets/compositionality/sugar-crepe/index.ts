import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import { asRecord, fileSample, parseJsonFile, readAnnotationText, stringField } from '../annotations.js';
import type { CompositionBenchmark, CompositionItem } from '../types.js';

/** SugarCrepe's seven subsets (Hsieh et al., 2023), each one JSON file of the release, and their family. */
export const SUGAR_CREPE_SUBSETS = {
  add_att: 'add',
  add_obj: 'add',
  replace_att: 'replace',
  replace_obj: 'replace',
  replace_rel: 'replace',
  swap_att: 'swap',
  swap_obj: 'swap',
} as const;

/** Where the subset files are: `data/` as in the repository, or the root itself. */
function annotationDir(root: string): string {
  return existsSync(join(root, 'data', 'add_att.json')) || !existsSync(join(root, 'add_att.json')) ? join(root, 'data') : root;
}

/**
 * SugarCrepe as released (github.com/RAIVNLab/sugar-crepe): `data/<subset>.json` maps an id to
 * `{filename, caption, negative_caption}` (`*_ent.json` in early copies for the object subsets); the images
 * are COCO val2017 under `val2017/` (or the root itself). An item is right when
 * the positive caption scores strictly higher than the negative one (the repository's `pos_score > neg_score`).
 */
export const sugarCrepe: CompositionBenchmark = {
  name: 'sugar_crepe',
  title: 'SugarCrepe',
  layout: 'data/{add_att,add_obj,replace_att,replace_obj,replace_rel,swap_att,swap_obj}.json, val2017/<filename> (or <filename> in the root)',
  metric: 'accuracy per subset (positive caption scored above the negative); per family the mean of its subsets',
  source: 'https://github.com/RAIVNLab/sugar-crepe',
  async open(root) {
    const dir = annotationDir(root);
    // COCO val2017 under the root, or the root itself holding the images.
    const images = existsSync(join(root, 'val2017')) ? 'val2017' : '';
    const items: CompositionItem[] = [];
    const files: string[] = [];
    for (const [subset, family] of Object.entries(SUGAR_CREPE_SUBSETS)) {
      // Early copies of the release named the object subsets *_ent.json.
      const path = [join(dir, `${subset}.json`), join(dir, `${subset.replace(/_obj$/, '_ent')}.json`)].find((p) => existsSync(p));
      if (path === undefined) continue;
      files.push(path.slice(root.length + 1));
      const data = asRecord(parseJsonFile(await readAnnotationText(root, path, `SugarCrepe's ${subset} subset`), path), path);
      for (const [id, value] of Object.entries(data)) {
        const where = `${path}: item ${id}`;
        const record = asRecord(value, where);
        const filename = stringField(record, 'filename', where);
        const caption = stringField(record, 'caption', where);
        const negative = stringField(record, 'negative_caption', where);
        items.push({
          kind: 'choice',
          id: `${subset}/${id}`,
          image: fileSample(root, join(images, filename)),
          // [negative, positive]: the positive must win outright (a tie goes to index 0).
          captions: [negative, caption],
          answer: 1,
          groups: { subset: [subset], family: [family] },
        });
      }
    }
    if (files.length === 0) {
      throw new ClipEvalError('DATASET', `${dir}: no SugarCrepe subset file (expected ${Object.keys(SUGAR_CREPE_SUBSETS).map((s) => `${s}.json`).join(', ')} under data/)`);
    }
    return {
      name: 'sugar_crepe',
      root,
      kind: 'choice',
      items,
      files,
      groupings: [
        { key: 'subset', title: 'Accuracy per subset' },
        { key: 'family', title: 'Accuracy per family (mean of its subsets)', macroOver: 'subset' },
      ],
    };
  },
};
