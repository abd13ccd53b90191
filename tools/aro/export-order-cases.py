"""Writes ARO's COCO-Order and Flickr30k-Order test cases to JSON for `clip-eval compositionality`.

ARO (Yuksekgonul et al., 2023) releases no file of these cases: its `COCO_Order` / `Flickr30k_Order` classes
(dataset_zoo/aro_datasets.py in github.com/mertyg/vision-language-models-are-bows) draw four perturbations of
every Karpathy test caption when the dataset is built (spaCy `en_core_web_sm` part-of-speech tags and NLTK
tokens, shuffled with numpy's and Python's generators seeded by `main_aro.py`'s `seed_all(1)`). This script
builds the datasets exactly as `main_aro.py` does and writes what they hold, so that the harness scores the
same cases:

    PYTHONPATH=/path/to/vision-language-models-are-bows python3 tools/aro/export-order-cases.py \\
        --dataset coco --root /data/coco --out /data/coco/aro_coco_order_test.json
    ... --dataset flickr --root /data/flickr30k --out /data/flickr30k/aro_flickr30k_order_test.json

Output: a JSON array of {"image": <path relative to --root>, "caption_options": [true caption, 4 perturbed]},
in the dataset's order. Needs the ARO repository's requirements (torch, spacy with en_core_web_sm, nltk punkt).
"""
import argparse
import json

from dataset_zoo.aro_datasets import COCO_Order, Flickr30k_Order
from misc import seed_all


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--dataset', choices=['coco', 'flickr'], required=True)
    parser.add_argument('--root', required=True, help="COCO root (with val2014/ and ARO's Karpathy JSON) or the Flickr30k root")
    parser.add_argument('--split', default='test', choices=['val', 'test'])
    parser.add_argument('--seed', type=int, default=1, help="main_aro.py's default")
    parser.add_argument('--out', required=True)
    args = parser.parse_args()
    seed_all(args.seed)
    if args.dataset == 'coco':
        dataset = COCO_Order(image_preprocess=None, root_dir=args.root, split=args.split)
    else:
        dataset = Flickr30k_Order(image_preprocess=None, split=args.split, root_dir=args.root)
    cases = [{'image': case['image'], 'caption_options': case['caption_options']} for case in dataset.test_cases]
    with open(args.out, 'w') as f:
        json.dump(cases, f)
    print(f'{len(cases)} test cases -> {args.out}')


if __name__ == '__main__':
    main()
