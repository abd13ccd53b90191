"""WebDataset shards written with Python's tarfile, as webdataset's TarWriter does (one member per field,
named <key>.<extension>, fields of a sample consecutive):

- wds/test/shard-00000{0,1,2}.tar + wds/classnames.txt (CLIP_benchmark's layout): shard 0 is the longest, so
  that a concurrent reader finishes the later shards first; labels as .cls, .txt and .json; shard 1 also has a
  sample without a label and a member without an extension, which must be skipped;
- wds-truncated/: shard 0 complete, shard 1 cut inside its second image member;
- wds-truncated-boundary/: one shard cut right after a member (no end-of-archive blocks).
"""
import io
import json
import tarfile
from pathlib import Path

import numpy as np
from PIL import Image

from _common import fresh

CLASSES = ['airplane', 'automobile', 'bird', 'cat']
MTIME = 1_700_000_000


def jpeg(seed: int) -> bytes:
    colour = tuple(int(v) for v in np.random.RandomState(seed).randint(0, 256, size=3))
    out = io.BytesIO()
    Image.new('RGB', (8, 8), colour).save(out, format='JPEG', quality=75)
    return out.getvalue()


def add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode, info.uname, info.gname = len(data), MTIME, 0o444, 'bigdata', 'bigdata'
    tar.addfile(info, io.BytesIO(data))


def shard(path: Path, members: list[tuple[str, bytes]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, 'w') as tar:
        for name, data in members:
            add(tar, name, data)


def sample(key: str, seed: int, **labels: bytes) -> list[tuple[str, bytes]]:
    return [(f'{key}.{ext}', data) for ext, data in sorted(labels.items())] + [(f'{key}.jpg', jpeg(seed))]


def cls(label: int) -> bytes:
    return str(label).encode()


if __name__ == '__main__':
    root = fresh('wds')
    (root / 'classnames.txt').write_text('\n'.join(CLASSES) + '\n')
    shard(root / 'test' / 'shard-000000.tar', [
        *sample('s0000', 1, cls=cls(0)),
        *sample('s0001', 2, cls=cls(3)),
        *sample('s0002', 3, txt=b'bird'),
        *sample('s0003', 4, json=json.dumps({'label': 1}).encode()),
        *sample('s0004', 5, json=json.dumps({'label': 'Cat'}).encode()),
        *sample('s0005', 6, cls=cls(2)),
    ])
    shard(root / 'test' / 'shard-000001.tar', [
        *sample('s0100', 7, cls=cls(1)),
        ('s0101.jpg', jpeg(8)),
        ('README', b'no extension'),
        *sample('s0102', 9, cls=cls(7)),
    ])
    shard(root / 'test' / 'shard-000002.tar', [*sample('s0200', 10, cls=cls(2)), *sample('dir/s0201', 11, cls=cls(0))])

    truncated = fresh('wds-truncated')
    (truncated / 'classnames.txt').write_text('\n'.join(CLASSES) + '\n')
    shard(truncated / 'shard-000000.tar', sample('t0000', 12, cls=cls(0)))
    whole = truncated / 'shard-000001.tar'
    shard(whole, [*sample('t0100', 13, cls=cls(1)), *sample('t0101', 14, cls=cls(2))])
    data = whole.read_bytes()
    # Members: t0100.cls, t0100.jpg, t0101.cls, t0101.jpg; cut 100 bytes into t0101.jpg's data.
    with tarfile.open(whole) as tar:
        last = tar.getmembers()[-1]
    whole.write_bytes(data[:last.offset_data + 100])

    boundary = fresh('wds-truncated-boundary')
    (boundary / 'classnames.txt').write_text('\n'.join(CLASSES) + '\n')
    cut = boundary / 'shard-000000.tar'
    shard(cut, [*sample('b0000', 15, cls=cls(0)), *sample('b0001', 16, cls=cls(1))])
    with tarfile.open(cut) as tar:
        last = tar.getmembers()[-1]
    cut.write_bytes(cut.read_bytes()[:last.offset_data + ((last.size + 511) // 512) * 512])
