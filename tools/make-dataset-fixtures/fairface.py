"""FairFace (margin 0.25 release) in its distributed layout: fairface_label_{train,val}.csv with columns
file,age,gender,race,service_test, and the images under train/ and val/ (file = "val/1.jpg"). Values are
spelled as in the real CSVs; the last val row has a race outside FairFace's seven, which must be skipped.
"""
from _common import fresh, write_image

VAL = [
    ('val/1.jpg', '3-9', 'Male', 'East Asian', 'False'),
    ('val/2.jpg', '50-59', 'Female', 'East Asian', 'True'),
    ('val/3.jpg', '30-39', 'Male', 'White', 'True'),
    ('val/4.jpg', '20-29', 'Female', 'Latino_Hispanic', 'True'),
    ('val/5.jpg', 'more than 70', 'Male', 'Middle Eastern', 'False'),
    ('val/6.jpg', '0-2', 'Female', 'Black', 'True'),
    ('val/7.jpg', '20-29', 'Male', 'Martian', 'False'),
]
TRAIN = [
    ('train/1.jpg', '50-59', 'Male', 'East Asian', 'True'),
    ('train/2.jpg', '30-39', 'Female', 'Indian', 'False'),
]

if __name__ == '__main__':
    root = fresh('fairface')
    for part, rows in [('val', VAL), ('train', TRAIN)]:
        lines = ['file,age,gender,race,service_test'] + [','.join(r) for r in rows]
        (root / f'fairface_label_{part}.csv').write_text('\n'.join(lines) + '\n')
        for k, row in enumerate(rows):
            write_image(root / row[0], 100 + k + (0 if part == 'val' else 50))
