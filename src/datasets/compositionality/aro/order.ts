import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import { asRecord, fileSample, parseJsonFile, readAnnotationText, stringField } from '../annotations.js';
import type { CompositionBenchmark, CompositionItem, OpenedBenchmark } from '../types.js';

type OrderSet = 'coco' | 'flickr30k';

const FILES: Record<OrderSet, string> = { coco: 'aro_coco_order_test.json', flickr30k: 'aro_flickr30k_order_test.json' };

/**
 * ARO's COCO-Order and Flickr30k-Order: each Karpathy test caption against four word-order perturbations of
 * it, right when the true caption (first) has the highest score — numpy's argmax, so a tie counts for it
 * (ARO's Precision@1). ARO draws the perturbations when it builds the dataset (spaCy and NLTK, seeded), so the
 * cases are read from the file `tools/aro/export-order-cases.py` writes by running ARO's own classes: a JSON
 * array of `{image, caption_options}`, images relative to the root.
 */
async function openOrder(root: string, set: OrderSet): Promise<OpenedBenchmark> {
  const path = join(root, FILES[set]);
  const data = parseJsonFile(await readAnnotationText(root, path, `ARO's ${set === 'coco' ? 'COCO' : 'Flickr30k'}-Order cases (written by tools/aro/export-order-cases.py)`), path);
  if (!Array.isArray(data)) throw new ClipEvalError('DATASET', `${path}: expected a JSON array of test cases`);
  const items = data.map((value, i): CompositionItem => {
    const where = `${path}: item ${i}`;
    const record = asRecord(value, where);
    const options = record.caption_options;
    if (!Array.isArray(options) || options.length < 2) throw new ClipEvalError('DATASET', `${where}: "caption_options" should hold the true caption and its perturbations, got ${JSON.stringify(options)?.slice(0, 60)}`);
    const captions = options.map((c: unknown, k) => {
      if (typeof c !== 'string' || c.trim() === '') throw new ClipEvalError('DATASET', `${where}: caption_options[${k}] is not a caption (${JSON.stringify(c)})`);
      return c;
    });
    return { kind: 'choice', id: String(i), image: fileSample(root, stringField(record, 'image', where)), captions, answer: 0, groups: {} };
  });
  if (items.length === 0) throw new ClipEvalError('DATASET', `${path}: no test cases`);
  return { name: set === 'coco' ? 'aro_coco_order' : 'aro_flickr30k_order', root, kind: 'choice', items, files: [FILES[set]], groupings: [] };
}

export const aroCocoOrder: CompositionBenchmark = {
  name: 'aro_coco_order',
  title: 'ARO COCO-Order',
  layout: `${FILES.coco} (from tools/aro/export-order-cases.py), val2014/<image>`,
  metric: 'Precision@1: the true caption scored highest among itself and 4 perturbations',
  source: 'https://github.com/mertyg/vision-language-models-are-bows',
  open: (root) => openOrder(root, 'coco'),
};

export const aroFlickrOrder: CompositionBenchmark = {
  name: 'aro_flickr30k_order',
  title: 'ARO Flickr30k-Order',
  layout: `${FILES.flickr30k} (from tools/aro/export-order-cases.py), flickr30k-images/<image>`,
  metric: 'Precision@1: the true caption scored highest among itself and 4 perturbations',
  source: 'https://github.com/mertyg/vision-language-models-are-bows',
  open: (root) => openOrder(root, 'flickr30k'),
};
