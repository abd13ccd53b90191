"""STL-10 binary files: stl10_binary/{train,test}_{X,y}.bin, class_names.txt, fold_indices.txt.

X holds uint8 images of 3x96x96, each channel stored column by column (MATLAB order); y holds labels 1..10.
Golden pixels follow torchvision: reshape(-1, 3, 96, 96), transpose(0, 1, 3, 2), then (1, 2, 0) per image.
"""
import numpy as np

from _common import fresh, golden, pattern, write_json

NAMES = ['airplane', 'bird', 'car', 'cat', 'deer', 'dog', 'horse', 'monkey', 'ship', 'truck']

out = fresh('stl10') / 'stl10_binary'
out.mkdir()
expected = {}
for split, labels, first in (('train', [10, 3], 0), ('test', [1], 5)):
    images = np.stack([pattern(96, 96, 3, first + i) for i in range(len(labels))])  # HWC
    stored = images.transpose(0, 3, 2, 1)  # channel, column, row: column-major planes
    (out / f'{split}_X.bin').write_bytes(stored.astype(np.uint8).tobytes())
    (out / f'{split}_y.bin').write_bytes(bytes(labels))
    reference = np.transpose(np.reshape(np.frombuffer(stored.tobytes(), dtype=np.uint8), (-1, 3, 96, 96)), (0, 1, 3, 2))
    assert (np.transpose(reference[0], (1, 2, 0)) == images[0]).all()
    expected[split] = {'labels': [label - 1 for label in labels], 'first': golden(np.transpose(reference[0], (1, 2, 0)))}
(out / 'class_names.txt').write_text('\n'.join(NAMES) + '\n')
(out / 'fold_indices.txt').write_text('0 1\n1\n')
write_json(out.parent / 'expected.json', expected)
