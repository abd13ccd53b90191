"""Datasets whose images are listed in text files: Oxford-IIIT Pet, Food-101, FGVC-Aircraft, DTD, SUN397.

Each keeps its real file names and list formats; full class lists (Food-101's classes.txt, FGVC-Aircraft's
variants.txt) are written from the adapters' class-name JSON, which equals them up to '_' vs ' '.
"""
import json
from pathlib import Path

from _common import fresh, write_image

CLASSNAMES = Path(__file__).resolve().parents[2] / 'src' / 'datasets' / 'classnames'


def lines(path: Path, rows) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(''.join(f'{row}\n' for row in rows))


def pets() -> None:
    """annotations/{trainval,test}.txt: "<image> <class id 1-37> <species> <breed id>"; images/<image>.jpg."""
    out = fresh('pets')
    trainval = ['Abyssinian_1 1 1 1', 'american_bulldog_10 2 2 1']
    test = ['Bengal_3 6 1 6', 'yorkshire_terrier_5 37 2 25', 'basset_hound_9 4 2 3']
    lines(out / 'annotations' / 'trainval.txt', trainval)
    lines(out / 'annotations' / 'test.txt', test)
    lines(out / 'annotations' / 'list.txt', ['#Image CLASS-ID SPECIES BREED ID', '#ID: 1:37 Class ids'] + trainval + test)
    for i, row in enumerate(trainval + test[:2]):  # basset_hound_9 is listed but missing
        write_image(out / 'images' / f'{row.split()[0]}.jpg', 100 + i)


def food101() -> None:
    """meta/classes.txt (101 names), meta/{train,test}.txt ("<class>/<id>"), images/<class>/<id>.jpg."""
    out = fresh('food101')
    classes = [name.replace(' ', '_') for name in json.loads((CLASSNAMES / 'food101.json').read_text())]
    lines(out / 'meta' / 'classes.txt', classes)
    lines(out / 'meta' / 'labels.txt', [c.replace('_', ' ').capitalize() for c in classes])
    train = ['apple_pie/1005649', 'waffles/12']
    test = ['apple_pie/2', 'baby_back_ribs/3', 'waffles/4']
    lines(out / 'meta' / 'train.txt', train)
    lines(out / 'meta' / 'test.txt', test)
    for i, entry in enumerate(train + test):
        write_image(out / 'images' / f'{entry}.jpg', 200 + i)


def aircraft() -> None:
    """data/variants.txt (100 names), data/images_variant_<split>.txt ("<id> <variant>"), data/images/<id>.jpg."""
    out = fresh('aircraft') / 'data'
    lines(out / 'variants.txt', json.loads((CLASSNAMES / 'aircraft.json').read_text()))
    splits = {
        'train': ['0034309 707-320'],
        'val': ['0034958 A380'],
        'trainval': ['0034309 707-320', '0034958 A380'],
        'test': ['1514522 F/A-18', '0056978 Yak-42', '0062821 Concorde'],  # Concorde is no FGVC variant
    }
    for split, rows in splits.items():
        lines(out / f'images_variant_{split}.txt', rows)
    for i, row in enumerate(splits['trainval'] + splits['test']):
        write_image(out / 'images' / f'{row.split()[0]}.jpg', 300 + i)


def dtd() -> None:
    """labels/{train,val,test}1.txt ("<class>/<file>"), images/<class>/<file>.jpg."""
    out = fresh('dtd')
    splits = {
        'train1': ['banded/banded_0002.jpg', 'zigzagged/zigzagged_0010.jpg'],
        'val1': ['dotted/dotted_0001.jpg'],
        'test1': ['polka-dotted/polka-dotted_0121.jpg', 'banded/banded_0005.jpg', 'zigzagged/zigzagged_0003.jpg'],
    }
    for name, rows in splits.items():
        lines(out / 'labels' / f'{name}.txt', rows)
        for i, row in enumerate(rows):
            write_image(out / 'images' / row, 400 + len(name) * 10 + i)
    (out / 'images' / 'banded' / '.directory').write_text('[Dolphin]\n')  # as in the real archive


def sun397() -> None:
    """SUN397/<letter>/<class path>/sun_*.jpg, SUN397/ClassName.txt, Partitions/{Training,Testing}_01.txt."""
    out = fresh('sun397')
    train = ['/a/abbey/sun_aaalbzqrimafwbiv.jpg', '/y/youth_hostel/sun_aabkzlxfxamnawmr.jpg']
    test = ['/a/apartment_building/outdoor/sun_aaeluvfkqrfsjamm.jpg', '/b/butchers_shop/sun_aaqnsngdpbrzcbmy.jpg', '/a/abbey/sun_abchnqvmclaoavzp.jpg']
    lines(out / 'Partitions' / 'Training_01.txt', train)
    lines(out / 'Partitions' / 'Testing_01.txt', test)
    lines(out / 'SUN397' / 'ClassName.txt', ['/a/abbey', '/a/apartment_building/outdoor', '/b/butchers_shop', '/y/youth_hostel'])
    for i, path in enumerate(train + test):
        write_image(out / 'SUN397' / path.lstrip('/'), 500 + i)


pets()
food101()
aircraft()
dtd()
sun397()
