import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import { fileSample, numberField, parseJsonLines, readAnnotationText, stringField } from '../annotations.js';
import type { CompositionBenchmark, CompositionItem } from '../types.js';

/** The tags an example is counted under: a comma-separated secondary tag counts under each of its parts. */
function tags(value: unknown, where: string, field: string): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (typeof value !== 'string') throw new ClipEvalError('DATASET', `${where}: "${field}" should be text, got ${JSON.stringify(value)}`);
  return value.split(',').map((t) => t.trim()).filter((t) => t !== '');
}

/**
 * Winoground (Thrush et al., 2022) as on the Hugging Face hub: `data/examples.jsonl`, one example a line
 * (`id`, `image_0`, `image_1`, `caption_0`, `caption_1`, `tag`, `secondary_tag`, `num_main_preds`,
 * `collapsed_tag`), images `data/images/<image_i>.png`. Text, image and group scores as the paper defines
 * them, overall and by tag.
 */
export const winoground: CompositionBenchmark = {
  name: 'winoground',
  title: 'Winoground',
  layout: 'data/examples.jsonl, data/images/<image_0|image_1>.png',
  metric: 'text score, image score, group score (Thrush et al., 2022, section 3.2)',
  source: 'https://huggingface.co/datasets/facebook/winoground',
  async open(root) {
    const path = join(root, 'data', 'examples.jsonl');
    const lines = parseJsonLines(await readAnnotationText(root, path, "Winoground's examples"), path);
    if (lines.length === 0) throw new ClipEvalError('DATASET', `${path}: no examples`);
    const items: CompositionItem[] = lines.map(({ line, value }) => {
      const where = `${path}:${line}`;
      const id = value.id;
      if (typeof id !== 'number' && typeof id !== 'string') throw new ClipEvalError('DATASET', `${where}: has no "id"`);
      const at = `${where} (id ${id})`;
      const image = (i: 0 | 1) => fileSample(root, join('data', 'images', `${stringField(value, `image_${i}`, at)}.png`));
      const mainPreds = value.num_main_preds === undefined ? [] : [String(numberField(value, 'num_main_preds', at))];
      return {
        kind: 'group',
        id: String(id),
        images: [image(0), image(1)],
        captions: [stringField(value, 'caption_0', at), stringField(value, 'caption_1', at)],
        groups: {
          collapsed_tag: tags(value.collapsed_tag, at, 'collapsed_tag'),
          tag: typeof value.tag === 'string' && value.tag !== '' ? [value.tag] : [],
          secondary_tag: tags(value.secondary_tag, at, 'secondary_tag'),
          num_main_preds: mainPreds,
        },
      };
    });
    return {
      name: 'winoground',
      root,
      kind: 'group',
      items,
      files: ['data/examples.jsonl'],
      groupings: [
        { key: 'collapsed_tag', title: 'By swap type (collapsed tag)' },
        { key: 'tag', title: 'By tag' },
        { key: 'secondary_tag', title: 'By secondary tag' },
        { key: 'num_main_preds', title: 'By number of main predicates' },
      ],
    };
  },
};
