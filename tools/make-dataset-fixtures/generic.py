"""The generic adapters' fixtures: an ImageFolder tree (imagefolder) and a CSV manifest with its images (csv).

Each holds a file the adapter reports as skipped (a non-image file), so that its skip reasons are tested too.
"""
from _common import fresh, write_image


def imagefolder() -> None:
    """<root>/<class>/**/<image>: folders sorted by name become the classes, underscores read as spaces."""
    out = fresh('imagefolder')
    for i, path in enumerate(['cat/1.jpg', 'cat/nested/2.png', 'golden_retriever/3.jpg']):
        write_image(out / path, 1000 + i)
    (out / 'cat' / 'notes.txt').write_text('not an image\n')


def csv() -> None:
    """<root>/manifest.csv (the default split '.'): path,label plus an attribute column; paths relative to the CSV."""
    out = fresh('csv')
    rows = [('images/a.jpg', 'dog', 'outdoor'), ('images/b.png', 'cat', 'indoor'), ('images/c.jpg', 'dog', 'indoor'), ('images/readme.txt', 'cat', 'indoor')]
    for i, (path, _, _) in enumerate(rows):
        if path.endswith('.txt'):
            (out / path).write_text('not an image\n')
        else:
            write_image(out / path, 1100 + i)
    (out / 'manifest.csv').write_text('path,label,scene\n' + ''.join(f'{p},{l},{s}\n' for p, l, s in rows))


imagefolder()
csv()
