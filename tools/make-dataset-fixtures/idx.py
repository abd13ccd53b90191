"""MNIST (raw IDX files) and Fashion-MNIST (gzipped IDX, as distributed), plus a truncated MNIST.

Golden pixels follow torchvision's MNIST: the [N, 28, 28] array as stored, Image.fromarray(img, 'L').
"""
import gzip
import struct

import numpy as np

from _common import fresh, golden, pattern, write_json


def idx_bytes(array: np.ndarray) -> bytes:
    header = struct.pack('>BBBB', 0, 0, 0x08, array.ndim) + b''.join(struct.pack('>I', d) for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def split(count: int, first: int) -> tuple[np.ndarray, np.ndarray]:
    images = np.stack([pattern(28, 28, 1, first + i)[:, :, 0] for i in range(count)])
    labels = np.array([(first + 3 * i) % 10 for i in range(count)], dtype=np.uint8)
    return images, labels


def write(name: str, compress: bool) -> None:
    out = fresh(name)
    expected = {}
    for prefix, count, first in (('train', 4, 0), ('t10k', 3, 40)):
        images, labels = split(count, first)
        for kind, array in (('images-idx3', images), ('labels-idx1', labels)):
            data = idx_bytes(array)
            path = out / f'{prefix}-{kind}-ubyte'
            if compress:
                path.with_name(path.name + '.gz').write_bytes(gzip.compress(data, mtime=0))
            else:
                path.write_bytes(data)
        expected[prefix] = {'labels': labels.tolist(), 'first': golden(images[0][:, :, None])}
    write_json(out / 'expected.json', expected)


def write_truncated() -> None:
    out = fresh('mnist-truncated')
    images, labels = split(4, 0)
    data = idx_bytes(images)
    (out / 'train-images-idx3-ubyte').write_bytes(data[: len(data) - 1000])
    (out / 'train-labels-idx1-ubyte').write_bytes(idx_bytes(labels))


write('mnist', compress=False)
write('fashion-mnist', compress=True)
write_truncated()
