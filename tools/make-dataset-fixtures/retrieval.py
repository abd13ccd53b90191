"""Captioned (image-text retrieval) datasets in the forms they are distributed, tiny:

- retrieval/flickr30k/: CLIP_benchmark's flickr30k_test_karpathy.txt (a header line, then <image>.jpg,<caption>
  lines whose captions contain commas) and the Chinese flickr30k_test_karpathy_zh.txt, images in the root; one
  caption names an image that is not there (a counted failure), one caption is empty (a skip);
- retrieval/flickr8k/: flickr8k_test_karpathy.txt, four images with two captions each;
- retrieval/flickr30k-malformed/: a caption file whose third line has no '.jpg,';
- retrieval/mscoco/: coco_test_karpathy.json (COCO captions format, 1-3 captions per image, one image without
  any: a skip) with the images in val2014/;
- retrieval/mscoco-unknown-id/: an annotation naming an image id that is not in 'images' (an error);
- retrieval/mscoco-truncated/: the JSON file cut in the middle (an error);
- retrieval/karpathy/: dataset_flickr8k.json with test and train images (sentences[].raw);
- retrieval/wds/: test/shard-000000.tar with <key>.jpg + <key>.txt (one caption per line) and dataset_type.txt
  saying 'retrieval'; one sample has no .txt (a skip);
- retrieval/csv/: captions.csv (image,caption rows, several per image) with images in images/.
"""
import io
import json
import tarfile
from pathlib import Path

import numpy as np
from PIL import Image

from _common import fresh

MTIME = 1_700_000_000


def jpeg(seed: int) -> bytes:
    rng = np.random.RandomState(seed)
    base = rng.randint(0, 256, size=3)
    pixels = np.clip(base + rng.randint(-40, 40, size=(12, 12, 3)), 0, 255).astype(np.uint8)
    out = io.BytesIO()
    Image.fromarray(pixels, 'RGB').save(out, format='JPEG', quality=80)
    return out.getvalue()


def write_images(folder: Path, names: list[str], seed: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i, name in enumerate(names):
        (folder / name).write_bytes(jpeg(seed + i))


FLICKR = [
    ('1000092795.jpg', ['Two young guys with shaggy hair look at their hands, while hanging out in the yard.', 'Two young, White males are outside near many bushes.']),
    ('10002456.jpg', ['Several men in hard hats are operating a giant pulley system.', 'Workers look down from up above on a piece of equipment.', 'Two men working on a machine wearing hard hats.']),
    ('1000268201.jpg', ['A child in a pink dress is climbing up a set of stairs in an entry way.', 'A little girl, in a pink dress, going into a wooden cabin.']),
    ('1000344755.jpg', ['Someone in a blue shirt and hat is standing on stair and leaning against a window.', 'A man in a blue shirt is standing on a ladder cleaning windows.']),
]
FLICKR_ZH = ['两个年轻人在院子里看着他们的手，', '几个戴着安全帽的男人在操作一个巨大的滑轮系统。', '一个穿着粉红色连衣裙的孩子正在爬楼梯。', '一个穿蓝色衬衫的人站在楼梯上，靠在窗户上。']


def flickr_lines(rows: list[tuple[str, list[str]]]) -> str:
    lines = ['image,caption']
    for image, captions in rows:
        lines += [f'{image},{c}' for c in captions]
    return '\n'.join(lines) + '\n'


def flickr30k() -> None:
    root = fresh('retrieval/flickr30k')
    write_images(root, [name for name, _ in FLICKR], 100)
    text = flickr_lines(FLICKR) + 'missing.jpg,A dog runs across a field, chasing a ball.\n' + '1000092795.jpg,\n'
    (root / 'flickr30k_test_karpathy.txt').write_text(text)
    (root / 'flickr30k_test_karpathy_zh.txt').write_text(flickr_lines([(name, [zh]) for (name, _), zh in zip(FLICKR, FLICKR_ZH)]))
    bad = fresh('retrieval/flickr30k-malformed')
    (bad / 'flickr30k_test_karpathy.txt').write_text('image,caption\n1000092795.jpg,Two guys.\n1000092795.png A broken line\n')


def flickr8k() -> None:
    root = fresh('retrieval/flickr8k')
    names = ['1056338697_4f7d7ce270.jpg', '106490881_5a2dd9b7bd.jpg', '1082379191_ec1e53f996.jpg', '1084040636_97d9633581.jpg']
    write_images(root, names, 200)
    rows = [(n, [f'A photo number {i}, with a dog.', f'Picture {i} of a person, outdoors.']) for i, n in enumerate(names)]
    (root / 'flickr8k_test_karpathy.txt').write_text(flickr_lines(rows))


def coco(name: str, images: list[dict], annotations: list[dict], cut: bool = False) -> None:
    root = fresh(f'retrieval/{name}')
    write_images(root / 'val2014', [im['file_name'] for im in images], 300)
    text = json.dumps({'images': images, 'annotations': annotations}, indent=1)
    (root / 'coco_test_karpathy.json').write_text(text[: len(text) // 2] if cut else text)


def mscoco() -> None:
    images = [{'id': 391895 + i, 'file_name': f'COCO_val2014_{391895 + i:012d}.jpg'} for i in range(4)]
    captions = {391895: ['A man with a red helmet on a small moped on a dirt road.', 'Man riding a motor bike on a dirt road on the countryside.', 'A man riding on the back of a motorcycle.'],
                391896: ['A woman wearing a net on her head cutting a cake.'],
                391898: ['A child holding a flowered umbrella and petting a yak.', 'A young boy barefoot holding an umbrella touching the horn of a cow.']}
    annotations = [{'image_id': i, 'id': 1000 + n, 'caption': c} for n, (i, c) in enumerate((i, c) for i, cs in captions.items() for c in cs)]
    coco('mscoco', images, annotations)
    coco('mscoco-unknown-id', images, annotations + [{'image_id': 999, 'id': 5000, 'caption': 'An orphan caption.'}])
    coco('mscoco-truncated', images, annotations, cut=True)


def karpathy() -> None:
    root = fresh('retrieval/karpathy')
    names = ['2513260012_03d33305cf.jpg', '2903617548_d3e38d7f88.jpg', '3338291921_fe7ae0c8f8.jpg', '488416045_1c6d903fe0.jpg']
    write_images(root, names, 400)
    splits = ['test', 'test', 'test', 'train']
    images = [{'filename': n, 'imgid': i, 'split': s, 'sentids': [2 * i, 2 * i + 1],
               'sentences': [{'raw': f'Karpathy caption {i}a, a dog.', 'tokens': [], 'imgid': i, 'sentid': 2 * i}, {'raw': f'Karpathy caption {i}b.', 'tokens': [], 'imgid': i, 'sentid': 2 * i + 1}]}
              for i, (n, s) in enumerate(zip(names, splits))]
    (root / 'dataset_flickr8k.json').write_text(json.dumps({'images': images, 'dataset': 'flickr8k'}))


def wds() -> None:
    root = fresh('retrieval/wds')
    (root / 'dataset_type.txt').write_text('retrieval\n')
    (root / 'test').mkdir()
    members: list[tuple[str, bytes]] = []
    for i in range(4):
        key = f's{i:04d}'
        members.append((f'{key}.jpg', jpeg(500 + i)))
        if i != 2:
            members.append((f'{key}.txt', f'shard caption {i} one\nshard caption {i} two\n'.encode()))
    with tarfile.open(root / 'test' / 'shard-000000.tar', 'w') as tar:
        for name, data in members:
            info = tarfile.TarInfo(name)
            info.size, info.mtime, info.mode, info.uname, info.gname = len(data), MTIME, 0o444, 'bigdata', 'bigdata'
            tar.addfile(info, io.BytesIO(data))


def csv() -> None:
    root = fresh('retrieval/csv')
    names = ['a.jpg', 'b.jpg', 'c.jpg']
    write_images(root / 'images', names, 600)
    rows = ['image,caption', 'images/a.jpg,"a red thing, small"', 'images/b.jpg,a green thing', 'images/a.jpg,another red thing', 'images/c.jpg,a blue thing', 'images/c.jpg,']
    (root / 'captions.csv').write_text('\n'.join(rows) + '\n')


if __name__ == '__main__':
    flickr30k()
    flickr8k()
    mscoco()
    karpathy()
    wds()
    csv()
