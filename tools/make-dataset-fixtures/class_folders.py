"""Datasets laid out as one folder per class: EuroSAT, Country211, Caltech-101, Rendered SST2, GTSRB (PPM
images with ;-separated annotation CSVs), and FER2013's single CSV file.

GTSRB and FER2013 yield 'pixels' samples: their golden values follow Pillow (Image.open(ppm)) and
torchvision's FER2013 (pixels reshaped to 48x48, Image.fromarray).
"""
import numpy as np
from PIL import Image

from _common import fresh, golden, pattern, write_image, write_json


def eurosat() -> None:
    out = fresh('eurosat') / '2750'
    for i, path in enumerate(['AnnualCrop/AnnualCrop_1.jpg', 'Forest/Forest_7.jpg', 'Forest/Forest_12.jpg', 'SeaLake/SeaLake_3.jpg']):
        write_image(out / path, 600 + i)
    (out / 'Forest' / 'readme.txt').write_text('not an image\n')


def country211() -> None:
    out = fresh('country211')
    for i, path in enumerate(['test/AD/1.jpg', 'test/US/2.jpg', 'test/ZW/3.jpg', 'valid/FR/4.jpg', 'train/AD/5.jpg', 'test/XX/6.jpg']):
        write_image(out / path, 700 + i)  # XX is no country code: reported as skipped


def caltech101() -> None:
    out = fresh('caltech101') / '101_ObjectCategories'
    for i, path in enumerate(['BACKGROUND_Google/image_0001.jpg', 'Faces_easy/image_0001.jpg', 'accordion/image_0001.jpg', 'yin_yang/image_0001.jpg', 'yin_yang/image_0002.jpg']):
        write_image(out / path, 800 + i)


def rendered_sst2() -> None:
    out = fresh('rendered-sst2')
    for i, path in enumerate(['test/negative/0.png', 'test/positive/1.png', 'test/positive/5.png', 'valid/positive/2.png', 'train/negative/3.png']):
        write_image(out / path, 900 + i)


def gtsrb() -> None:
    """GTSRB/Final_Training/Images/<class>/<track>_<n>.ppm with GT-<class>.csv; GTSRB/Final_Test/Images/*.ppm
    with GT-final_test.test.csv (no ClassId), and GT-final_test.csv (with ClassId) at the root."""
    out = fresh('gtsrb')
    header = 'Filename;Width;Height;Roi.X1;Roi.Y1;Roi.X2;Roi.Y2;ClassId'
    expected = {}

    def ppm(path, index: int) -> np.ndarray:
        path.parent.mkdir(parents=True, exist_ok=True)
        Image.fromarray(pattern(4, 6, 3, index)).save(path)  # 6 wide, 4 high: a swapped read shows
        return np.array(Image.open(path).convert('RGB'))

    train = {0: ['00000_00000.ppm', '00000_00001.ppm'], 42: ['00000_00000.ppm']}
    for cls, files in train.items():
        folder = out / 'GTSRB' / 'Final_Training' / 'Images' / f'{cls:05d}'
        rows = [header]
        for i, name in enumerate(files):
            image = ppm(folder / name, cls + i)
            rows.append(f'{name};6;4;0;0;5;3;{cls}')
            expected.setdefault('train', golden(image))
        (folder / f'GT-{cls:05d}.csv').write_text('\n'.join(rows) + '\n')
    test_dir = out / 'GTSRB' / 'Final_Test' / 'Images'
    labels = [14, 1, 33]
    for i in range(len(labels)):
        image = ppm(test_dir / f'{i:05d}.ppm', 50 + i)
        if i == 0:
            expected['test'] = golden(image)
    broken = test_dir / '00002.ppm'
    broken.write_bytes(broken.read_bytes()[:40])  # truncated: reported as skipped when read
    rows = [f'{i:05d}.ppm;6;4;0;0;5;3' for i in range(len(labels))]
    (test_dir / 'GT-final_test.test.csv').write_text('\n'.join([header.rsplit(';', 1)[0]] + rows) + '\n')
    rows = [f'{i:05d}.ppm;6;4;0;0;5;3;{label}' for i, label in enumerate(labels)] + ['00009.ppm;6;4;0;0;5;3;2']
    (out / 'GT-final_test.csv').write_text('\n'.join([header] + rows) + '\n')
    expected['test_labels'] = labels[:2]
    write_json(out / 'expected.json', expected)


def fer2013() -> None:
    """fer2013.csv: emotion,pixels,Usage with 48x48 gray values row by row; one row has 2303 values."""
    out = fresh('fer2013')
    rows = [('Training', 0), ('Training', 3), ('PublicTest', 6), ('PrivateTest', 5), ('PrivateTest', 1)]
    lines = ['emotion,pixels,Usage']
    expected = {}
    for i, (usage, emotion) in enumerate(rows):
        image = pattern(48, 48, 1, i)[:, :, 0]
        lines.append(f'{emotion},{" ".join(str(v) for v in image.flatten())},{usage}')
        expected.setdefault(usage, {'labels': [], 'first': golden(image.reshape(48, 48)[:, :, None])})['labels'].append(emotion)
    lines.insert(3, f'2,{" ".join(["7"] * 2303)},Training')
    (out / 'fer2013.csv').write_text('\n'.join(lines) + '\n')
    write_json(out / 'expected.json', expected)


eurosat()
country211()
caltech101()
rendered_sst2()
gtsrb()
fer2013()
