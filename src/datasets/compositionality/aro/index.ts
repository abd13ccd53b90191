import { join } from 'node:path';
import { ClipEvalError } from '../../../core/errors.js';
import { asRecord, fileSample, numberField, parseJsonFile, readAnnotationText, stringField } from '../annotations.js';
import type { CompositionBenchmark, CompositionItem, OpenedBenchmark } from '../types.js';

/**
 * The relations ARO's authors leave out of VG-Relation's macro accuracy (their notebook
 * "Replicate ARO! VG-Relation, VG-Attribution", the `symmetric` list), verbatim.
 */
export const VG_RELATION_EXCLUDED = [
  'adjusting', 'attached to', 'between', 'bigger than', 'biting', 'boarding', 'brushing', 'chewing', 'cleaning', 'climbing', 'close to', 'coming from', 'coming out of', 'contain', 'crossing', 'dragging', 'draped over', 'drinking', 'drinking from', 'driving', 'driving down', 'driving on', 'eating from', 'eating in', 'enclosing', 'exiting', 'facing', 'filled with', 'floating in', 'floating on', 'flying', 'flying above', 'flying in', 'flying over', 'flying through', 'full of', 'going down', 'going into', 'going through', 'grazing in', 'growing in', 'growing on', 'guiding', 'hanging from', 'hanging in', 'hanging off', 'hanging over', 'higher than', 'holding onto', 'hugging', 'in between', 'jumping off', 'jumping on', 'jumping over', 'kept in', 'larger than', 'leading', 'leaning over', 'leaving', 'licking', 'longer than', 'looking in', 'looking into', 'looking out', 'looking over', 'looking through', 'lying next to', 'lying on top of', 'making', 'mixed with', 'mounted on', 'moving', 'on the back of', 'on the edge of', 'on the front of', 'on the other side of', 'opening', 'painted on', 'parked at', 'parked beside', 'parked by', 'parked in', 'parked in front of', 'parked near', 'parked next to', 'perched on', 'petting', 'piled on', 'playing', 'playing in', 'playing on', 'playing with', 'pouring', 'reaching for', 'reading', 'reflected on', 'riding on', 'running in', 'running on', 'running through', 'seen through', 'sitting behind', 'sitting beside', 'sitting by', 'sitting in front of', 'sitting near', 'sitting next to', 'sitting under', 'skiing down', 'skiing on', 'sleeping in', 'sleeping on', 'smiling at', 'sniffing', 'splashing', 'sprinkled on', 'stacked on', 'standing against', 'standing around', 'standing behind', 'standing beside', 'standing in front of', 'standing near', 'standing next to', 'staring at', 'stuck in', 'surrounding', 'swimming in', 'swinging', 'talking to', 'topped with', 'touching', 'traveling down', 'traveling on', 'tying', 'typing on', 'underneath', 'wading in', 'waiting for', 'walking across', 'walking by', 'walking down', 'walking next to', 'walking through', 'working in', 'working on', 'worn on', 'wrapped around', 'wrapped in', 'by', 'of', 'near', 'next to', 'with', 'beside', 'on the side of', 'around',
] as const;

type VgKind = 'relation' | 'attribution';

/**
 * ARO's VG files (Yuksekgonul et al., 2023; github.com/mertyg/vision-language-models-are-bows): a JSON array
 * of `{image_path, bbox_x, bbox_y, bbox_w, bbox_h, true_caption, false_caption, relation_name | attributes}`,
 * images under `images/`. Each image is cropped to the box; captions are scored in the repository's order
 * [false, true], and numpy's argmax sends a tie to the false one.
 */
async function openVg(root: string, kind: VgKind): Promise<OpenedBenchmark> {
  const file = kind === 'relation' ? 'visual_genome_relation.json' : 'visual_genome_attribution.json';
  const path = join(root, file);
  const data = parseJsonFile(await readAnnotationText(root, path, `ARO's VG-${kind === 'relation' ? 'Relation' : 'Attribution'} annotations`), path);
  if (!Array.isArray(data)) throw new ClipEvalError('DATASET', `${path}: expected a JSON array of test cases`);
  const items: CompositionItem[] = data.map((value, i): CompositionItem => {
    const where = `${path}: item ${i}`;
    const record = asRecord(value, where);
    let group: string;
    if (kind === 'relation') group = stringField(record, 'relation_name', where);
    else {
      const attributes = record.attributes;
      if (!Array.isArray(attributes) || attributes.length < 2 || !attributes.every((a) => typeof a === 'string')) {
        throw new ClipEvalError('DATASET', `${where}: "attributes" should hold two attribute names, got ${JSON.stringify(attributes)}`);
      }
      group = `${attributes[0]}_${attributes[1]}`;
    }
    return {
      kind: 'choice',
      id: String(i),
      image: fileSample(root, join('images', stringField(record, 'image_path', where))),
      crop: { x: numberField(record, 'bbox_x', where), y: numberField(record, 'bbox_y', where), w: numberField(record, 'bbox_w', where), h: numberField(record, 'bbox_h', where) },
      captions: [stringField(record, 'false_caption', where), stringField(record, 'true_caption', where)],
      answer: 1,
      groups: kind === 'relation' ? { relation: [group] } : { attributes: [group] },
    };
  });
  if (items.length === 0) throw new ClipEvalError('DATASET', `${path}: no test cases`);
  return kind === 'relation'
    ? {
        name: 'aro_vg_relation',
        root,
        kind: 'choice',
        items,
        files: [file],
        groupings: [{ key: 'relation', title: 'Accuracy per relation' }],
        macro: { key: 'relation', exclude: VG_RELATION_EXCLUDED, description: 'mean over relations of their accuracy, without the relations the ARO notebook lists as symmetric' },
      }
    : {
        name: 'aro_vg_attribution',
        root,
        kind: 'choice',
        items,
        files: [file],
        groupings: [{ key: 'attributes', title: 'Accuracy per attribute pair' }],
        macro: { key: 'attributes', minCount: 25, description: 'mean over attribute pairs with at least 25 test cases of their accuracy' },
      };
}

export const aroVgRelation: CompositionBenchmark = {
  name: 'aro_vg_relation',
  title: 'ARO VG-Relation',
  layout: 'visual_genome_relation.json, images/<image_path>',
  metric: 'macro accuracy over relations (symmetric relations left out, as in the ARO notebook)',
  source: 'https://github.com/mertyg/vision-language-models-are-bows',
  open: (root) => openVg(root, 'relation'),
};

export const aroVgAttribution: CompositionBenchmark = {
  name: 'aro_vg_attribution',
  title: 'ARO VG-Attribution',
  layout: 'visual_genome_attribution.json, images/<image_path>',
  metric: 'macro accuracy over attribute pairs with at least 25 test cases',
  source: 'https://github.com/mertyg/vision-language-models-are-bows',
  open: (root) => openVg(root, 'attribution'),
};
