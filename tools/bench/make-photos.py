#!/usr/bin/env python3
"""Writes N JPEG "photos" of typical ImageNet sizes (about 500x375, some portrait) into an ImageFolder tree,
cut and rescaled from the sample photos Debian ships with scikit-learn (china.jpg, flower.jpg), seeded.
Usage: /usr/bin/python3 tools/bench/make-photos.py OUT_DIR N
"""
import os
import random
import sys

from PIL import Image

SOURCES = ['/usr/lib/python3/dist-packages/sklearn/datasets/images/china.jpg',
           '/usr/lib/python3/dist-packages/sklearn/datasets/images/flower.jpg']
SIZES = [(500, 375), (500, 333), (375, 500), (500, 400), (640, 480), (333, 500), (500, 500)]


def main():
    out, n = sys.argv[1], int(sys.argv[2])
    rng = random.Random(0)
    photos = [Image.open(p).convert('RGB') for p in SOURCES]
    for i in range(n):
        src = photos[i % len(photos)]
        w, h = rng.choice(SIZES)
        scale = rng.uniform(0.5, 1.0)
        cw, ch = int(src.width * scale), int(src.height * scale)
        x, y = rng.randint(0, src.width - cw), rng.randint(0, src.height - ch)
        img = src.crop((x, y, x + cw, y + ch)).resize((w, h), Image.BICUBIC)
        if rng.random() < 0.5:
            img = img.transpose(Image.FLIP_LEFT_RIGHT)
        folder = os.path.join(out, f'class_{i % 10}')
        os.makedirs(folder, exist_ok=True)
        img.save(os.path.join(folder, f'{i:06d}.jpg'), quality=rng.choice([85, 90, 95]))


if __name__ == '__main__':
    main()
