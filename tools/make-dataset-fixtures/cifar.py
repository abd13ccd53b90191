"""CIFAR-10 and CIFAR-100 in both distributed formats (python pickles and binary .bin batches) from the same
pixels, plus small pickles for the unpickler's own tests.

The real python batches were written by Python 2's cPickle (protocol 2): keys and byte strings are Python 2
`str` (SHORT_BINSTRING/BINSTRING opcodes), arrays are numpy.core.multiarray._reconstruct + BUILD. Py2Pickler
below writes bytes and str the same way, so that `pickle.load(f, encoding='bytes')` gives bytes keys and
`encoding='latin1'` (torchvision) gives str keys, as with the real files.

Golden pixels follow torchvision: data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).
"""
import io
import pickle
import struct

import numpy as np

from _common import FIXTURES, fresh, golden, pattern, write_json

CIFAR10_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck']


class Py2Pickler(pickle._Pickler):
    """Writes bytes and (ASCII) str as Python 2 str, like cPickle did."""

    dispatch = pickle._Pickler.dispatch.copy()

    def _py2str(self, raw: bytes, obj) -> None:
        if len(raw) < 256:
            self.write(pickle.SHORT_BINSTRING + bytes([len(raw)]) + raw)
        else:
            self.write(pickle.BINSTRING + struct.pack('<i', len(raw)) + raw)
        self.memoize(obj)

    def save_bytes(self, obj) -> None:
        self._py2str(obj, obj)

    def save_str(self, obj) -> None:
        self._py2str(obj.encode('latin1'), obj)

    dispatch[bytes] = save_bytes
    dispatch[str] = save_str


def py2_pickle(obj) -> bytes:
    buffer = io.BytesIO()
    Py2Pickler(buffer, protocol=2).dump(obj)
    data = buffer.getvalue()
    assert pickle.loads(data, encoding='bytes').keys() == obj.keys()
    return data


def rows(count: int, seed: int) -> np.ndarray:
    """[count, 3072] rows as CIFAR stores them: the R, G and B planes, each row-major 32x32."""
    images = np.stack([pattern(32, 32, 3, seed + i) for i in range(count)])
    return images.transpose(0, 3, 1, 2).reshape(count, 3072)


def hwc(data: np.ndarray) -> np.ndarray:
    return data.reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)


def cifar10() -> None:
    py = fresh('cifar10') / 'cifar-10-batches-py'
    binary = FIXTURES / 'cifar10' / 'cifar-10-batches-bin'
    py.mkdir()
    binary.mkdir()
    expected = {}
    batches = [(f'data_batch_{i}', 1, 100 + i) for i in range(1, 6)] + [('test_batch', 2, 200)]
    for name, count, seed in batches:
        data = rows(count, seed)
        labels = [(seed * 7 + k) % 10 for k in range(count)]
        batch = {
            b'batch_label': f'{name.replace("_", " ")} fixture'.encode(),
            b'labels': labels,
            b'data': data,
            b'filenames': [f'{name}_{k}.png'.encode() for k in range(count)],
        }
        (py / name).write_bytes(py2_pickle(batch))
        (binary / f'{name}.bin').write_bytes(b''.join(bytes([labels[k]]) + data[k].tobytes() for k in range(count)))
        expected[name] = {'labels': labels, 'first': golden(hwc(data)[0])}
    meta = {b'label_names': [n.encode() for n in CIFAR10_NAMES], b'num_cases_per_batch': 10000, b'num_vis': 3072}
    (py / 'batches.meta').write_bytes(py2_pickle(meta))
    (binary / 'batches.meta.txt').write_text('\n'.join(CIFAR10_NAMES) + '\n\n')
    write_json(FIXTURES / 'cifar10' / 'expected.json', expected)


def cifar100() -> None:
    out = fresh('cifar100')
    py = out / 'cifar-100-python'
    binary = out / 'cifar-100-binary'
    py.mkdir()
    binary.mkdir()
    # The first names of each list, padded with placeholders: the adapter takes names from its own JSON.
    fine = ['apple', 'aquarium_fish', 'baby', 'bear', 'beaver'] + [f'fine_{i}' for i in range(5, 100)]
    coarse = ['aquatic_mammals', 'fish', 'flowers'] + [f'coarse_{i}' for i in range(3, 20)]
    expected = {}
    for name, count, seed in (('train', 3, 300), ('test', 2, 400)):
        data = rows(count, seed)
        fine_labels = [(seed + 41 * k) % 100 for k in range(count)]
        coarse_labels = [(seed + 3 * k) % 20 for k in range(count)]
        batch = {
            b'filenames': [f'{name}_{k}.png'.encode() for k in range(count)],
            b'batch_label': f'{name} fixture'.encode(),
            b'fine_labels': fine_labels,
            b'coarse_labels': coarse_labels,
            b'data': data,
        }
        (py / name).write_bytes(py2_pickle(batch))
        records = (bytes([coarse_labels[k], fine_labels[k]]) + data[k].tobytes() for k in range(count))
        (binary / f'{name}.bin').write_bytes(b''.join(records))
        expected[name] = {'fine': fine_labels, 'coarse': [coarse[c] for c in coarse_labels], 'first': golden(hwc(data)[0])}
    meta = {b'fine_label_names': [n.encode() for n in fine], b'coarse_label_names': [n.encode() for n in coarse]}
    (py / 'meta').write_bytes(py2_pickle(meta))
    (binary / 'fine_label_names.txt').write_text('\n'.join(fine) + '\n')
    (binary / 'coarse_label_names.txt').write_text('\n'.join(coarse) + '\n')
    write_json(out / 'expected.json', expected)

    truncated = fresh('cifar10-truncated')
    (truncated / 'cifar-10-batches-py').mkdir()
    (truncated / 'cifar-10-batches-bin').mkdir()
    source = FIXTURES / 'cifar10'
    for folder, name in (('cifar-10-batches-py', 'test_batch'), ('cifar-10-batches-bin', 'test_batch.bin')):
        data = (source / folder / name).read_bytes()
        (truncated / folder / name).write_bytes(data[: len(data) - 1500])
    (truncated / 'cifar-10-batches-py' / 'batches.meta').write_bytes((source / 'cifar-10-batches-py' / 'batches.meta').read_bytes())
    (truncated / 'cifar-10-batches-bin' / 'batches.meta.txt').write_bytes((source / 'cifar-10-batches-bin' / 'batches.meta.txt').read_bytes())


def pickles() -> None:
    """Small pickles for test/datasets/formats/pickle.test.ts, with the values Python reads back."""
    out = fresh('pickle')
    value = {
        'data': np.arange(6, dtype=np.uint8).reshape(2, 3),
        'wide': np.array([1, -2], dtype='<i8'),
        'labels': [1, 200, 70000, 2**40, -5],
        'raw': b'\xff\x00abc',
        'text': 'caf\u00e9',
        'float': 1.5,
        'none': None,
        'flags': (True, False),
    }
    (out / 'py3-protocol2.pkl').write_bytes(pickle.dumps(value, protocol=2))
    (out / 'protocol4.pkl').write_bytes(pickle.dumps(value, protocol=4))
    py2 = py2_pickle({b'data': value['data'], b'raw': value['raw'], b'labels': value['labels']})
    (out / 'py2-style.pkl').write_bytes(py2)
    (out / 'truncated.pkl').write_bytes(py2[: len(py2) // 2])
    # Unpickling this with Python's pickle would run `echo`: the reader must refuse it.
    (out / 'malicious.pkl').write_bytes(b"cos\nsystem\n(S'echo pwned'\ntR.")


cifar10()
cifar100()
pickles()
