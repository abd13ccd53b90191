"""The compositionality benchmarks' fixtures, each in its released on-disk format:

- sugar-crepe/: data/<subset>.json (SugarCrepe's seven subset files: id -> {filename, caption,
  negative_caption}) and val2017/<COCO file name>; one item names an image that is not there.
- winoground/: data/examples.jsonl (Winoground's fields, one example a line) and data/images/<name>.png;
  one example's second image is missing.
- aro/: visual_genome_relation.json and visual_genome_attribution.json (ARO's JSON arrays with bbox_*,
  true_caption, false_caption, relation_name / attributes) and images/<image_path>: one box reaches past the
  image border, one image is missing, one attribute pair has 25 test cases (the macro's threshold);
  crops.json holds Pillow's crops of two VG-Relation items (one past the border) as golden values;
  aro_coco_order_test.json is a COCO-Order case file as tools/aro/export-order-cases.py writes it, with
  val2014/ images: one case ties the true caption with copies of it, one names a missing image.

Images are 24x20 noise (so that every crop differs), written with Pillow.
"""
import json

from PIL import Image

import numpy as np

from _common import fresh, golden, noise

CAPTIONS = ['a red cube on a blue table', 'a blue cube on a red table', 'a dog chasing a cat', 'a cat chasing a dog',
            'two birds and one tree', 'one bird and two trees', 'a small house near a big lake', 'a big house near a small lake']


def image(path, seed, width=24, height=20, ext=None):
    path.parent.mkdir(parents=True, exist_ok=True)
    img = Image.fromarray(noise(height, width, 3, seed))
    if path.suffix == '.jpg':
        img.save(path, quality=90)
    else:
        img.save(path)


def dump(path, value, lines=False):
    path.parent.mkdir(parents=True, exist_ok=True)
    if lines:
        path.write_text(''.join(json.dumps(v) + '\n' for v in value))
    else:
        path.write_text(json.dumps(value, indent=1) + '\n')


def sugar_crepe():
    out = fresh('sugar-crepe')
    files = [f'{n:012d}.jpg' for n in (139, 285, 632, 724)]
    for i, f in enumerate(files):
        image(out / 'val2017' / f, 2000 + i)
    subsets = ['add_att', 'add_obj', 'replace_att', 'replace_obj', 'replace_rel', 'swap_att', 'swap_obj']
    for s, subset in enumerate(subsets):
        items = {}
        for k in range(2 if s % 2 == 0 else 1):
            j = (s * 3 + k) % len(CAPTIONS)
            items[str(k)] = {'filename': files[(s + k) % len(files)], 'caption': CAPTIONS[j], 'negative_caption': CAPTIONS[j ^ 1]}
        if subset == 'swap_obj':
            items['7'] = {'filename': '000000999999.jpg', 'caption': CAPTIONS[0], 'negative_caption': CAPTIONS[1]}
        dump(out / 'data' / f'{subset}.json', items)


# Caption pairs per example, picked so that the test model (test/fixtures/models/combined) gets text and
# image scores right and wrong in every combination across examples 0, 1, 2 and 4 (example 3 lacks an image).
WINOGROUND_CAPTIONS = [('two birds and one tree', 'a big house near a small lake'), ('a dog chasing a cat', 'a car on a road'),
                       ('a dog chasing a cat', 'a red cube on a blue table'), ('a cat chasing a dog', 'a dog chasing a cat'),
                       ('a red cube on a blue table', 'a blue cube on a red table')]


def winoground():
    out = fresh('winoground')
    tags = [('Object', 'Noun', '', 1), ('Relation', 'Verb', 'Symbolic', 1), ('Both', 'Scope, Preposition', 'Pragmatics, Series', 2),
            ('Relation', 'Verb', '', 2), ('Object', 'Adjective-Color', 'Symbolic', 1)]
    examples = []
    for i, (collapsed, tag, secondary, preds) in enumerate(tags):
        for k in range(2):
            if not (i == 3 and k == 1):
                image(out / 'data' / 'images' / f'ex_{i}_img_{k}.png', 3000 + 2 * i + k)
        examples.append({'id': i, 'image_0': f'ex_{i}_img_0', 'image_1': f'ex_{i}_img_1', 'caption_0': WINOGROUND_CAPTIONS[i][0],
                         'caption_1': WINOGROUND_CAPTIONS[i][1], 'tag': tag, 'secondary_tag': secondary, 'num_main_preds': preds,
                         'collapsed_tag': collapsed})
    dump(out / 'data' / 'examples.jsonl', examples, lines=True)


def aro():
    out = fresh('aro')
    paths = ['2344.jpg', '2417.jpg', '107901.jpg']
    for i, p in enumerate(paths):
        image(out / 'images' / p, 4000 + i, width=32, height=28)
    relations = ['on', 'on', 'holding', 'next to', 'wearing', 'holding', 'on']
    rel = []
    for i, r in enumerate(relations):
        rel.append({'image_id': str(i), 'relation_name': r, 'bbox_x': 2 + i, 'bbox_y': 1 + i, 'bbox_w': 12 + (i % 3), 'bbox_h': 10,
                    'true_caption': f'the man is {r} the horse', 'false_caption': f'the horse is {r} the man',
                    'image_path': paths[i % len(paths)]})
    rel[2]['bbox_w'] = 40  # reaches past the right border: Pillow pads with black
    rel.append({'image_id': 'x', 'relation_name': 'on', 'bbox_x': 0, 'bbox_y': 0, 'bbox_w': 5, 'bbox_h': 5,
                'true_caption': 'the cup is on the table', 'false_caption': 'the table is on the cup', 'image_path': 'missing.jpg'})
    dump(out / 'visual_genome_relation.json', rel)
    # Golden crops for the reader's test: ARO's Image.open(path).convert('RGB').crop((x, y, x + w, y + h)).
    goldens = []
    for i in (0, 2):
        r = rel[i]
        crop = Image.open(out / 'images' / r['image_path']).convert('RGB').crop((r['bbox_x'], r['bbox_y'], r['bbox_x'] + r['bbox_w'], r['bbox_y'] + r['bbox_h']))
        goldens.append({'item': i, **golden(np.asarray(crop))})
    (out / 'crops.json').write_text(json.dumps(goldens, indent=1) + '\n')
    att = []
    for i in range(27):
        pair = ['red', 'wooden'] if i < 25 else ['white', 'small']
        att.append({'image_id': str(i), 'bbox_x': i % 9, 'bbox_y': i % 7, 'bbox_w': 10 + i % 5, 'bbox_h': 9 + i % 4,
                    'true_caption': f'the {pair[0]} chair and the {pair[1]} table', 'false_caption': f'the {pair[1]} chair and the {pair[0]} table',
                    'attributes': pair, 'image_path': paths[i % len(paths)]})
    dump(out / 'visual_genome_attribution.json', att)
    # COCO-Order as tools/aro/export-order-cases.py writes it: the true caption first, then 4 perturbations.
    coco = ['val2014/COCO_val2014_000000391895.jpg', 'val2014/COCO_val2014_000000060623.jpg']
    for i, p in enumerate(coco):
        image(out / p, 4100 + i)
    words = ['a man riding a horse on a beach', 'a woman holding an umbrella in the rain']
    cases = []
    for i, w in enumerate(words):
        t = w.split(' ')
        cases.append({'image': coco[i], 'caption_options': [w, ' '.join(reversed(t)), ' '.join(t[1:] + t[:1]), ' '.join(t[2:] + t[:2]), ' '.join(sorted(t))]})
    cases.append({'image': coco[0], 'caption_options': [words[0]] * 5})
    cases.append({'image': 'val2014/COCO_val2014_000000000001.jpg', 'caption_options': [words[1], words[0], words[1], words[0], words[1]]})
    dump(out / 'aro_coco_order_test.json', cases)


sugar_crepe()
winoground()
aro()
