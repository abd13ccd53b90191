"""MAT-file v5 fixtures: unit files for the reader (every value kind, compressed, big-endian, v7.3, truncated)
and tiny copies of the datasets distributed as .mat: SVHN, Flowers-102, Stanford Cars.

mat/expected.json is what scipy.io.loadmat reads from mat/values.mat, values flattened in column-major order.
"""
import struct
import zlib

import numpy as np
import scipy.io

from _common import fresh, golden, pattern, savemat, write_image, write_json


def cell(*items) -> np.ndarray:
    out = np.empty((1, len(items)), dtype=object)
    for i, item in enumerate(items):
        out[0, i] = item
    return out


VALUES = {
    'matrix': np.array([[1.5, -2.0, 3.25], [4.0, 5.5, -6.0]]),
    'int8': np.array([[-128, 0, 127]], dtype=np.int8),
    'uint16': np.array([[1], [65535]], dtype=np.uint16),
    'int64': np.array([[-(2**40), 2**40]], dtype=np.int64),
    'single': np.array([[0.25, -1.0]], dtype=np.float32),
    'complex': np.array([[1 + 2j, -3 - 4j]]),
    'flags': np.array([[True, False, True]]),
    'word': 'caf\u00e9 ok',
    'rows': np.array(['ab', 'cd', 'ef']),
    'empty': np.zeros((0, 0)),
    'mixed': cell(np.array([[1.0, 2.0]]), 'text', cell('nested')),
    'records': np.array(
        [[(np.array([[1.0]]), 'first', np.zeros((0, 0))), (np.array([[2.0, 3.0]]), 'second', 'x')]],
        dtype=[('id', 'O'), ('name', 'O'), ('extra', 'O')],
    ),
}

CLASS_NAMES = {
    'float64': 'double', 'float32': 'single', 'int8': 'int8', 'uint8': 'uint8', 'int16': 'int16',
    'uint16': 'uint16', 'int32': 'int32', 'uint32': 'uint32', 'int64': 'int64', 'uint64': 'uint64',
    'complex128': 'double', 'bool': 'uint8',
}


def describe(value: np.ndarray) -> dict:
    dims = list(value.shape)
    if value.dtype.names:
        elements = [{f: describe(e[f]) for f in value.dtype.names} for e in value.flatten(order='F')]
        return {'kind': 'struct', 'dims': dims, 'fields': list(value.dtype.names), 'elements': elements}
    if value.dtype == object:
        return {'kind': 'cell', 'dims': dims, 'cells': [describe(c) for c in value.flatten(order='F')]}
    if value.dtype.kind == 'U':
        return {'kind': 'char', 'dims': dims, 'text': ''.join(value.flatten(order='F'))}
    flat = value.flatten(order='F')
    out = {'kind': 'numeric', 'dims': dims, 'className': CLASS_NAMES[str(value.dtype)], 'logical': value.dtype == bool}
    out['real'] = [float(v) for v in flat.real] if value.dtype.kind == 'c' else [int(v) if value.dtype.kind in 'iub' else float(v) for v in flat]
    if value.dtype.kind == 'c':
        out['imag'] = [float(v) for v in flat.imag]
    return out


def big_endian_file() -> bytes:
    """scipy writes native (little-endian) files only, so this one is assembled by hand: x = [1.5 -2 3e10]
    (miDOUBLE), name = 'abc' (miUINT16), n = int16 -7 in a small data element, and d = [1 2 250], a double
    array stored as miUINT8 the way MATLAB saves whole numbers."""

    def tag(kind: int, data: bytes) -> bytes:
        return struct.pack('>II', kind, len(data)) + data + b'\0' * (-len(data) % 8)

    def small(kind: int, data: bytes) -> bytes:
        return struct.pack('>HH', len(data), kind) + data + b'\0' * (4 - len(data))

    def matrix(cls: int, dims: tuple, name: str, body: bytes) -> bytes:
        flags = tag(6, struct.pack('>II', cls, 0))
        shape = tag(5, struct.pack(f'>{len(dims)}i', *dims))
        return tag(14, flags + shape + small(1, name.encode()) + body)

    header = b'MATLAB 5.0 MAT-file, Platform: fixture, big-endian'.ljust(116, b' ') + b'\0' * 8 + struct.pack('>H', 0x0100) + b'MI'
    x = matrix(6, (1, 3), 'x', tag(9, struct.pack('>3d', 1.5, -2.0, 3e10)))
    name = matrix(4, (1, 3), 'name', tag(4, struct.pack('>3H', *b'abc')))
    n = matrix(10, (1, 1), 'n', small(3, struct.pack('>h', -7)))
    d = matrix(6, (3, 1), 'd', tag(2, bytes([1, 2, 250])))
    return header + x + name + n + d


def unit_files() -> None:
    out = fresh('mat')
    savemat(out / 'values.mat', VALUES)
    savemat(out / 'values-compressed.mat', VALUES, do_compression=True)
    loaded = scipy.io.loadmat(out / 'values.mat', chars_as_strings=False)
    expected = {name: describe(loaded[name]) for name in VALUES}
    expected['flags']['logical'] = True  # loadmat returns logical arrays as uint8; the file flags them
    write_json(out / 'expected.json', expected)
    (out / 'big-endian.mat').write_bytes(big_endian_file())
    big = scipy.io.loadmat(out / 'big-endian.mat')
    assert big['x'].tolist() == [[1.5, -2.0, 3e10]] and big['d'].tolist() == [[1.0], [2.0], [250.0]]
    assert big['name'].tolist() == ['abc'] and big['n'].tolist() == [[-7]]
    for name in ('values.mat', 'values-compressed.mat'):
        data = (out / name).read_bytes()
        (out / f'truncated-{name}').write_bytes(data[: len(data) * 3 // 5])
    # The start of a MATLAB -v7.3 file: the text header, version 0x0200, then HDF5 at byte 512.
    v73 = b'MATLAB 7.3 MAT-file, Platform: GLNXA64, Created on: Mon Jan  1 00:00:00 2024 HDF5 schema 1.00 .'.ljust(116, b' ')
    v73 += b'\0' * 8 + struct.pack('<H', 0x0200) + b'IM'
    (out / 'v73.mat').write_bytes(v73.ljust(512, b'\0') + b'\x89HDF\r\n\x1a\n' + b'\0' * 64)


def svhn() -> None:
    """train_32x32.mat / test_32x32.mat: X uint8 [32, 32, 3, N], y double [N, 1] with 10 for the digit 0.
    Golden pixels follow torchvision: transpose(X, (3, 2, 0, 1)) then (1, 2, 0) per image."""
    out = fresh('svhn')
    expected = {}
    for split, labels, first in (('train', [1, 10, 5], 0), ('test', [10, 2], 7)):
        images = np.stack([pattern(32, 32, 3, first + i) for i in range(len(labels))], axis=3)  # H, W, C, N
        y = np.array(labels, dtype=np.float64).reshape(-1, 1)
        savemat(out / f'{split}_32x32.mat', {'X': images, 'y': y}, do_compression=True)
        data = np.transpose(images, (3, 2, 0, 1))
        expected[split] = {'labels': [0 if v == 10 else v for v in labels], 'first': golden(np.transpose(data[0], (1, 2, 0)))}
    write_json(out / 'expected.json', expected)


def flowers102() -> None:
    """imagelabels.mat (labels 1x8189 double), setid.mat (trnid/valid/tstid), jpg/image_%05d.jpg.
    Image 7 is listed but its JPEG is missing: the adapter reports it as skipped."""
    out = fresh('flowers102')
    labels = [1, 1, 2, 77, 102, 2, 3]
    savemat(out / 'imagelabels.mat', {'labels': np.array([labels], dtype=np.float64)})
    ids = {'trnid': [1, 3], 'valid': [2], 'tstid': [6, 4, 5, 7]}
    savemat(out / 'setid.mat', {k: np.array([v], dtype=np.float64) for k, v in ids.items()})
    for image_id in range(1, 7):
        write_image(out / 'jpg' / f'image_{image_id:05d}.jpg', image_id)


def cars() -> None:
    """devkit/cars_meta.mat (class_names 1x196 cell), devkit/cars_train_annos.mat and
    cars_test_annos_withlabels.mat (annotations: 1xN struct with bbox_x1, bbox_y1, bbox_x2, bbox_y2, class,
    fname), images in cars_train/ and cars_test/. The meta file is compressed, the annotations are not."""
    out = fresh('cars')
    (out / 'devkit').mkdir()
    names = ['AM General Hummer SUV 2000', 'Acura RL Sedan 2012'] + [f'fixture class {i}' for i in range(3, 197)]
    savemat(out / 'devkit' / 'cars_meta.mat', {'class_names': cell(*names)}, do_compression=True)
    dtype = [(f, 'O') for f in ('bbox_x1', 'bbox_y1', 'bbox_x2', 'bbox_y2', 'class', 'fname')]

    def annotations(rows) -> np.ndarray:
        table = np.zeros((1, len(rows)), dtype=dtype)
        for i, (fname, cls) in enumerate(rows):
            table[0, i] = (np.array([[1.0]]), np.array([[2.0]]), np.array([[7.0]]), np.array([[6.0]]), np.array([[cls]], dtype=np.uint8), fname)
        return table

    train = [('00001.jpg', 1), ('00002.jpg', 196), ('00003.jpg', 2)]
    test = [('00001.jpg', 2), ('00002.jpg', 1)]
    savemat(out / 'devkit' / 'cars_train_annos.mat', {'annotations': annotations(train)})
    savemat(out / 'cars_test_annos_withlabels.mat', {'annotations': annotations(test)})
    for folder, rows, seed in (('cars_train', train, 0), ('cars_test', test, 50)):
        for i, (fname, _) in enumerate(rows):
            write_image(out / folder / fname, seed + i)


unit_files()
svhn()
flowers102()
cars()
