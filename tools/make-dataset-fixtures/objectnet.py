"""ObjectNet 1.0 in its distributed layout (objectnet-1.0/images/<folder>/*.png, objectnet-1.0/mappings/),
restricted to four classes: three overlap ImageNet (alarm_clock -> analog clock + digital clock, backpack,
banana), air_freshener does not. The mapping files have the real formats; imagenet_to_label_2012_v2 and
pytorch_to_imagenet_2012_id.json list only the few ImageNet classes needed (the real ones list all 1000),
each under its real sorted-wnid index.
"""
import json
from pathlib import Path

import numpy as np
from PIL import Image

from _common import fresh

FOLDERS = {'air_freshener': 'Air freshener', 'alarm_clock': 'Alarm clock', 'backpack': 'Backpack', 'banana': 'Banana'}
TO_IMAGENET = {
    'Alarm clock': 'analog clock; digital clock',
    'Backpack': 'backpack, back pack, knapsack, packsack, rucksack, haversack',
    'Banana': 'banana',
}
# Lines of imagenet_to_label_2012_v2, and the sorted-wnid index each line stands for.
LINES = [
    ('tench, Tinca tinca', 0),
    ('analog clock', 409),
    ('banana', 954),
    ('digital clock', 530),
    ('backpack, back pack, knapsack, packsack, rucksack, haversack', 414),
]


def write_mappings(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / 'folder_to_objectnet_label.json').write_text(json.dumps(FOLDERS, indent=4) + '\n')
    (folder / 'objectnet_to_imagenet_1k.json').write_text(json.dumps(TO_IMAGENET, indent=4) + '\n')
    (folder / 'pytorch_to_imagenet_2012_id.json').write_text(json.dumps({str(index): line for line, (_, index) in enumerate(LINES)}) + '\n')
    (folder / 'imagenet_to_label_2012_v2').write_text(''.join(f'{label}\n' for label, _ in LINES))


def bordered_png(path: Path, seed: int) -> None:
    """A 12x12 PNG with ObjectNet's 1-pixel red border around a flat colour."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pixels = np.empty((12, 12, 3), dtype=np.uint8)
    pixels[:] = np.random.RandomState(seed).randint(0, 256, size=3)
    pixels[0, :] = pixels[-1, :] = pixels[:, 0] = pixels[:, -1] = (255, 0, 0)
    Image.fromarray(pixels).save(path)


if __name__ == '__main__':
    root = fresh('objectnet') / 'objectnet-1.0'
    write_mappings(root / 'mappings')
    seed = 0
    for folder, count in [('alarm_clock', 2), ('air_freshener', 1), ('banana', 2)]:
        for k in range(count):
            bordered_png(root / 'images' / folder / f'{seed:03d}{k}e4a1b2c3.png', seed)
            seed += 1
    (root / 'images' / 'README.txt').write_text('not a class folder\n')
