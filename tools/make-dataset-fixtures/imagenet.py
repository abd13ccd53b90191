"""ImageNet and its robustness sets in their distributed layouts, a few tiny JPEGs per class:

- imagenet/: ILSVRC2012 synset folders (val/, train/), plus objectnet-mappings/ (ObjectNet's mapping files, for
  val-on-objectnet-classes; written by objectnet.py's helper) and two non-data entries that must be skipped;
- imagenet-flat-kaggle/: Kaggle's ILSVRC/Data/CLS-LOC/val/ flat folder with LOC_val_solution.csv;
- imagenet-flat-devkit/: flat val/ with the devkit's ILSVRC2012_validation_ground_truth.txt and meta.mat;
- imagenet-flat-clsloc/: flat val/ with the ground-truth file and a map_clsloc.txt;
- imagenet-v2/, imagenet-r/, imagenet-a/, imagenet-sketch/, imagenet-c/.

Class ids are real WordNet ids (read from the repository's src/datasets/layouts/imagenet-classes/imagenet-wnids.json). Of
the ILSVRC2012_IDs, only 490 = n01751748 (sea snake, the label of ILSVRC2012_val_00000001) is the real one;
the others are placeholders, consistent between the ground-truth file, meta.mat and map_clsloc.txt.
"""
import json
from pathlib import Path

import numpy as np
import scipy.io

from _common import fresh, write_image
from objectnet import write_mappings

REPO = Path(__file__).resolve().parents[2]
WNIDS = json.loads((REPO / 'src/datasets/layouts/imagenet-classes/imagenet-wnids.json').read_text())
W = {name: WNIDS[i] for name, i in {
    'tench': 0, 'goldfish': 1, 'stingray': 6, 'goldfinch': 11, 'sea snake': 65,
    'analog clock': 409, 'digital clock': 530, 'banana': 954,
}.items()}

seed = iter(range(10_000))


def images(folder: Path, names: list[str]) -> None:
    for name in names:
        write_image(folder / name, next(seed))


def synset_val_train() -> None:
    root = fresh('imagenet')
    val = root / 'val'
    images(val / W['tench'], ['ILSVRC2012_val_00000293.JPEG', 'ILSVRC2012_val_00002138.JPEG'])
    images(val / W['goldfish'], ['ILSVRC2012_val_00000236.JPEG'])
    images(val / W['stingray'], ['ILSVRC2012_val_00000100.JPEG'])
    images(val / W['analog clock'], ['ILSVRC2012_val_00000310.JPEG'])
    images(val / W['banana'], ['ILSVRC2012_val_00000011.JPEG'])
    (val / W['tench'] / 'README.txt').write_text('not an image\n')
    images(val / 'n99999999', ['ILSVRC2012_val_00000999.JPEG'])
    images(root / 'train' / W['tench'], [f'{W["tench"]}_10026.JPEG'])
    images(root / 'train' / W['goldfish'], [f'{W["goldfish"]}_10007.JPEG'])
    write_mappings(root / 'objectnet-mappings')


# Flat validation folder: image number -> (synset, ILSVRC2012_ID); image 5 has no label anywhere.
FLAT = {1: ('sea snake', 490), 2: ('tench', 449), 3: ('goldfish', 450), 4: ('stingray', 397)}


def flat_images(folder: Path) -> None:
    images(folder, [f'ILSVRC2012_val_{i:08d}.JPEG' for i in [*FLAT, 5]])


def flat_kaggle() -> None:
    root = fresh('imagenet-flat-kaggle')
    flat_images(root / 'ILSVRC' / 'Data' / 'CLS-LOC' / 'val')
    rows = ['ImageId,PredictionString']
    rows += [f'ILSVRC2012_val_{i:08d},{W[name]} 12 3 40 50 {W[name]} 1 2 30 44 ' for i, (name, _) in FLAT.items()]
    (root / 'LOC_val_solution.csv').write_text('\n'.join(rows) + '\n')


def ground_truth(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(''.join(f'{FLAT[i][1]}\n' for i in sorted(FLAT)))


def flat_devkit() -> None:
    root = fresh('imagenet-flat-devkit')
    flat_images(root / 'val')
    data = root / 'ILSVRC2012_devkit_t12' / 'data'
    ground_truth(data / 'ILSVRC2012_validation_ground_truth.txt')
    # meta.mat's `synsets`: a struct array (1860x1 in the real file: 1000 leaves with ILSVRC2012_ID 1..1000,
    # then inner WordNet nodes), fields as the devkit has them.
    entries = [(id_, W[name], name) for name, id_ in FLAT.values()] + [(1001, 'n00001740', 'entity')]
    fields = ['ILSVRC2012_ID', 'WNID', 'words', 'gloss', 'num_children', 'children', 'wordnet_height', 'num_train_images']
    synsets = np.zeros((len(entries), 1), dtype=[(f, 'O') for f in fields])
    for k, (id_, wnid, words) in enumerate(entries):
        leaf = id_ <= 1000
        synsets[k, 0] = (
            np.array([[id_]], dtype=np.float64), wnid, words, f'gloss of {words}',
            np.array([[0 if leaf else 1]], dtype=np.float64),
            np.zeros((1, 0)) if leaf else np.array([[1.0]]),
            np.array([[0 if leaf else 1]], dtype=np.float64), np.array([[1300 if leaf else 0]], dtype=np.float64),
        )
    scipy.io.savemat(data / 'meta.mat', {'synsets': synsets}, do_compression=False)


def flat_clsloc() -> None:
    root = fresh('imagenet-flat-clsloc')
    flat_images(root / 'val')
    ground_truth(root / 'ILSVRC2012_validation_ground_truth.txt')
    lines = [f'{W[name]} {id_} {name.replace(" ", "_")}' for name, id_ in sorted(FLAT.values(), key=lambda v: v[1])]
    (root / 'map_clsloc.txt').write_text('\n'.join(lines) + '\n')


def imagenet_v2() -> None:
    # Index folders 0, 2, 9, 10: sorted as strings, 10 would come before 2 and 9.
    base = fresh('imagenet-v2') / 'imagenetv2-matched-frequency-format-val'
    for index, count in [(0, 1), (2, 1), (9, 1), (10, 2)]:
        images(base / str(index), [f'{index:04x}{k}a7c0e5d9b3f1.jpeg' for k in range(count)])
    images(base / 'extra', ['0c1d2e3f.jpeg'])


def synset_set(name: str, folder: str, classes: list[str], ext: str) -> None:
    base = fresh(name) / folder
    for c in classes:
        images(base / W[c], [f'{c.replace(" ", "_")}_{k}.{ext}' for k in range(2)])


def imagenet_c() -> None:
    root = fresh('imagenet-c')
    for split in ['gaussian_noise/1', 'gaussian_noise/3', 'brightness/1']:
        for c in ['tench', 'goldfish']:
            images(root / split / W[c], [f'ILSVRC2012_val_{next(seed):08d}.JPEG'])


if __name__ == '__main__':
    synset_val_train()
    flat_kaggle()
    flat_devkit()
    flat_clsloc()
    imagenet_v2()
    synset_set('imagenet-r', 'imagenet-r', ['goldfish', 'stingray', 'tench'], 'jpg')  # tench is not an R class
    synset_set('imagenet-a', 'imagenet-a', ['stingray', 'goldfinch'], 'jpg')
    synset_set('imagenet-sketch', 'sketch', ['tench', 'goldfish'], 'JPEG')
    imagenet_c()
