"""Shared helpers for the dataset fixture scripts: output folders, deterministic tiny images, golden values.

Each script in this folder writes tiny copies of one dataset family in its real on-disk format under
test/fixtures/datasets/<name>/ (run them with /usr/bin/python3, which has numpy, scipy and Pillow).
Re-running a script rewrites its folders byte for byte. Each adapter's contract
(src/datasets/adapters/<name>/contract.ts) names the fixture the contract test opens and what it holds.
"""
import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import scipy.io
from PIL import Image

FIXTURES = Path(__file__).resolve().parents[2] / 'test' / 'fixtures' / 'datasets'


def fresh(name: str) -> Path:
    """An empty fixture folder test/fixtures/datasets/<name>."""
    path = FIXTURES / name
    shutil.rmtree(path, ignore_errors=True)
    path.mkdir(parents=True)
    return path


def pattern(height: int, width: int, channels: int, index: int) -> np.ndarray:
    """An HWC uint8 image whose values differ along rows, columns and channels (so that a transposed or
    channel-swapped read shows), repetitive enough that git compresses it well."""
    r = np.arange(height).reshape(-1, 1, 1)
    c = np.arange(width).reshape(1, -1, 1)
    ch = np.arange(channels).reshape(1, 1, -1)
    return ((r * 3 + c * 7 + ch * 50 + index * 11) % 256).astype(np.uint8)


def noise(height: int, width: int, channels: int, seed: int) -> np.ndarray:
    return np.random.RandomState(seed).randint(0, 256, size=(height, width, channels)).astype(np.uint8)


def write_image(path: Path, seed: int, size: int = 8) -> None:
    """A tiny deterministic JPEG/PNG/PPM (by extension) of one flat colour per seed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    colour = tuple(int(v) for v in np.random.RandomState(seed).randint(0, 256, size=3))
    image = Image.new('RGB', (size, size), colour)
    if path.suffix.lower() in ('.jpg', '.jpeg'):
        image.save(path, quality=75)
    else:
        image.save(path)


def golden(hwc: np.ndarray) -> dict:
    """What the tests compare a 'pixels' sample with: its shape, SHA-256 of the row-major interleaved bytes,
    and a few values spelled out for readable failures."""
    h, w, c = hwc.shape
    picks = [(0, 0), (0, w - 1), (h - 1, 0), (h // 2, w // 3)]
    return {
        'width': w,
        'height': h,
        'channels': c,
        'sha256': hashlib.sha256(np.ascontiguousarray(hwc).tobytes()).hexdigest(),
        'pixels': [{'y': y, 'x': x, 'value': [int(v) for v in hwc[y, x]]} for y, x in picks],
    }


def write_json(path: Path, value) -> None:
    path.write_text(json.dumps(value, indent=2) + '\n')


def savemat(path: Path, variables: dict, **options) -> None:
    """scipy.io.savemat with a fixed header text: scipy writes the creation time there, which would make
    every run differ."""
    scipy.io.savemat(path, variables, **options)
    data = bytearray(path.read_bytes())
    data[:116] = b'MATLAB 5.0 MAT-file, Platform: posix, Created by: tools/make-dataset-fixtures'.ljust(116, b' ')
    path.write_bytes(bytes(data))
