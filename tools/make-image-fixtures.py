#!/usr/bin/python3
"""Edge-case image fixtures for test/image/, with the reference's outputs.

Writes test/fixtures/image/:
  images/*          small images in real formats (made with Pillow from sample photos or seeded noise)
  cases.json        one entry per case: source file (or raw pixels), preprocessing config, output shape
  expected/*.rgb    uint8 HxWx3 output of the reference transform, before ToTensor
  resample.json + resample.bin
                    Pillow's Image.resize on seeded random images of many sizes and modes (the resampler
                    alone), inputs and outputs as raw samples (uint8, or little-endian int32 for mode I)

The reference transform is OpenAI CLIP's `_transform` with the config's sizes and interpolation:
torchvision Resize (short side, or both sides for 'squash') -> CenterCrop -> convert('RGB'), on the image
exactly as PIL.Image.open returns it (optionally exif_transpose'd, optionally border-cropped first).

Run with the Python that has Pillow 9.4 and torchvision 0.14 (Debian's /usr/bin/python3):
  /usr/bin/python3 tools/make-image-fixtures.py
Reruns give byte-identical files.
"""
import json
import os
import shutil

import numpy as np
import PIL
import torchvision
from PIL import Image, ImageOps
from sklearn.datasets import load_sample_image
from torchvision import transforms as T
from torchvision.transforms import InterpolationMode

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'test', 'fixtures', 'image')
INTERPOLATION = {
    'bicubic': InterpolationMode.BICUBIC,
    'bilinear': InterpolationMode.BILINEAR,
    'nearest': InterpolationMode.NEAREST,
}


def reference(img, cfg):
    """The reference transform up to convert('RGB'): uint8 HxWx3."""
    if cfg.get('exifRotate'):
        img = ImageOps.exif_transpose(img)
    if cfg.get('borderCrop'):
        img = ImageOps.crop(img, cfg['borderCrop'])
    interp = INTERPOLATION[cfg['interpolation']]
    crop = cfg['cropSize']
    if cfg['resizeMode'] == 'squash':
        img = T.Resize((crop, crop), interpolation=interp)(img)
    else:
        img = T.Resize(cfg['resizeSize'], interpolation=interp)(img)
        img = T.CenterCrop(crop)(img)
    return np.asarray(img.convert('RGB'))


def save(img, name, **kwargs):
    path = os.path.join(OUT, 'images', name)
    img.save(path, **kwargs)
    return name


def make_images():
    """(name, file or raw-pixels spec) for each test image."""
    rng = np.random.default_rng(20240229)
    china = load_sample_image('china.jpg')  # 427x640 photos shipped with sklearn
    fl = load_sample_image('flower.jpg')
    images = {}

    # LA: gray with a vertical alpha ramp, a fully transparent block over bright gray, an alpha=1 corner.
    gray = np.asarray(Image.fromarray(fl[100:160, 200:260]).convert('L'))
    alpha = np.tile(np.linspace(0, 255, 60).astype(np.uint8)[:, None], (1, 60))
    alpha[10:30, 20:45] = 0
    alpha[:6, :6] = 1
    images['la_alpha_60x60.png'] = save(Image.fromarray(np.stack([gray, alpha], -1), 'LA'), 'la_alpha_60x60.png')

    # 1-bit: thresholded photo (Pillow mode '1', resized with NEAREST).
    bw = Image.fromarray(china[50:97, 100:161]).convert('L').point(lambda v: 255 if v > 110 else 0).convert('1')
    images['bilevel_61x47.png'] = save(bw, 'bilevel_61x47.png')

    # Palette with a transparent index (tRNS): convert('RGB') keeps the palette colour under transparency.
    pal = Image.fromarray(china[200:250, 300:370]).convert('P', palette=Image.Palette.ADAPTIVE, colors=24)
    images['palette_trns_70x50.png'] = save(pal, 'palette_trns_70x50.png', transparency=5)

    # GIF (mode P) and a bilevel TIFF (mode '1').
    images['palette_60x45.gif'] = save(Image.fromarray(fl[300:345, 100:160]).convert('P', palette=Image.Palette.ADAPTIVE, colors=32), 'palette_60x45.gif')
    images['bilevel_50x40.tif'] = save(Image.fromarray(fl[200:240, 400:450]).convert('L').point(lambda v: 255 if v > 100 else 0).convert('1'), 'bilevel_50x40.tif')

    # Gray and RGB PNGs with a tRNS colour: Pillow keeps modes L and RGB (libvips adds an alpha band).
    g = Image.fromarray(china[10:50, 10:66]).convert('L')
    images['gray_trns_56x40.png'] = save(g, 'gray_trns_56x40.png', transparency=int(np.asarray(g)[0, 0]))
    c = Image.fromarray(china[300:340, 400:450])
    images['rgb_trns_50x40.png'] = save(c, 'rgb_trns_50x40.png', transparency=tuple(int(v) for v in china[300, 400]))

    # Grayscale JPEG.
    images['gray_q85_90x70.jpg'] = save(Image.fromarray(fl[150:220, 250:340]).convert('L'), 'gray_q85_90x70.jpg', quality=85)

    # The whole sample photo, downscaled more than 8x by the 40-pixel configs (no shrink-on-load shortcuts).
    images['photo_640x427.jpg'] = save(Image.fromarray(china), 'photo_640x427.jpg', quality=75)

    # Tall and narrow.
    images['tall_30x200.png'] = save(Image.fromarray(fl[100:300, 300:330]), 'tall_30x200.png')

    # RGBA whose width is already the target: squash resizes one axis only (vertical pass alone).
    rgba = np.concatenate([fl[0:100, 0:48], np.full((100, 48, 1), 255, np.uint8)], -1)
    rgba[20:50, 10:30, 3] = 0
    rgba[60:90, :, 3] = np.linspace(0, 255, 48).astype(np.uint8)[None, :]
    images['rgba_onepass_48x100.png'] = save(Image.fromarray(rgba, 'RGBA'), 'rgba_onepass_48x100.png')

    # Small enough that the short side is upscaled and the long side downscaled by squash.
    images['narrow_20x90.png'] = save(Image.fromarray(china[100:190, 500:520]), 'narrow_20x90.png')

    # 16-bit gray with hard 0/65535 edges: bicubic upscaling overshoots below 0 and above 255 (mode I).
    g16 = np.zeros((16, 20), np.uint16)
    g16[4:12, 5:15] = 65535
    g16[:, 17:] = 200
    images['gray16_edges_20x16.png'] = save(Image.fromarray(g16.astype(np.int32), 'I').convert('I;16'), 'gray16_edges_20x16.png')

    # 16-bit RGB: Pillow keeps the high byte.
    rgb16 = (china[0:30, 0:40].astype(np.uint32) * 256 + rng.integers(0, 256, (30, 40, 3))).astype('>u2')
    images['rgb16_40x30.png'] = save_png16_rgb(rgb16, 'rgb16_40x30.png')

    # CMYK JPEG (Adobe, inverted), for the CMYK formula and for padding (zero CMYK is white).
    images['cmyk_40x30.jpg'] = save(Image.fromarray(china[120:150, 200:240]).convert('CMYK'), 'cmyk_40x30.jpg', quality=90)

    # WebP with alpha (mode RGBA, premultiplied resize).
    wa = np.concatenate([fl[200:260, 100:180], np.full((60, 80, 1), 255, np.uint8)], -1)
    wa[:, :30, 3] = 0
    images['rgba_lossless_80x60.webp'] = save(Image.fromarray(wa, 'RGBA'), 'rgba_lossless_80x60.webp', lossless=True)

    # EXIF Orientation 6 (rotate 90 clockwise to display).
    exif = Image.Exif()
    exif[0x0112] = 6
    images['exif6_60x40.jpg'] = save(Image.fromarray(fl[0:40, 0:60]), 'exif6_60x40.jpg', quality=90, exif=exif.tobytes())

    # Raw pixel arrays (IDX/CIFAR style): 1 channel is mode L, 3 RGB, 4 RGBA.
    for name, arr in [
        ('pixels_l_28x28.u8', np.asarray(Image.fromarray(china[0:28, 200:228]).convert('L'))),
        ('pixels_rgb_32x24.u8', china[60:84, 60:92]),
        ('pixels_rgba_30x20.u8', np.concatenate([fl[0:20, 0:30], rng.integers(0, 256, (20, 30, 1), dtype=np.uint8)], -1)),
    ]:
        arr = np.ascontiguousarray(arr)
        with open(os.path.join(OUT, 'images', name), 'wb') as f:
            f.write(arr.tobytes())
        h, w = arr.shape[:2]
        images[name] = {'pixels': name, 'width': w, 'height': h, 'channels': 1 if arr.ndim == 2 else arr.shape[2]}
    return images


def save_png16_rgb(arr, name):
    """Pillow cannot write 16-bit RGB PNGs: write the chunks directly (bit depth 16, colour type 2)."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xFFFFFFFF)

    h, w = arr.shape[:2]
    rows = b''.join(b'\x00' + arr[y].tobytes() for y in range(h))
    png = (b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 16, 2, 0, 0, 0))
           + chunk(b'IDAT', zlib.compress(rows, 9)) + chunk(b'IEND', b''))
    with open(os.path.join(OUT, 'images', name), 'wb') as f:
        f.write(png)
    return name


def cfg(crop, resize=None, mode='shortest', interp='bicubic', **extra):
    return {'cropSize': crop, 'resizeSize': crop if resize is None else resize, 'resizeMode': mode, 'interpolation': interp, **extra}


CASES = [
    ('la_alpha', 'la_alpha_60x60.png', cfg(40)),
    ('bilevel', 'bilevel_61x47.png', cfg(40)),
    ('palette_trns', 'palette_trns_70x50.png', cfg(48)),
    ('palette_trns_upscale', 'palette_trns_70x50.png', cfg(96)),
    ('gif_palette', 'palette_60x45.gif', cfg(40)),
    ('tiff_bilevel', 'bilevel_50x40.tif', cfg(40, interp='bilinear')),
    ('gray_trns', 'gray_trns_56x40.png', cfg(32)),
    ('rgb_trns', 'rgb_trns_50x40.png', cfg(32)),
    ('gray_jpeg', 'gray_q85_90x70.jpg', cfg(48)),
    ('photo_downscale_10x', 'photo_640x427.jpg', cfg(40)),
    ('photo_bilinear', 'photo_640x427.jpg', cfg(40, interp='bilinear')),
    ('photo_nearest', 'photo_640x427.jpg', cfg(40, interp='nearest')),
    ('photo_resize_gt_crop', 'photo_640x427.jpg', cfg(48, resize=56)),
    ('photo_border2', 'photo_640x427.jpg', cfg(40, borderCrop=2)),
    ('tall_narrow', 'tall_30x200.png', cfg(24)),
    ('tall_narrow_squash', 'tall_30x200.png', cfg(24, mode='squash')),
    ('rgba_one_axis', 'rgba_onepass_48x100.png', cfg(48, mode='squash')),
    ('rgba_nearest', 'rgba_onepass_48x100.png', cfg(32, interp='nearest')),
    ('narrow_up_and_down', 'narrow_20x90.png', cfg(40, mode='squash')),
    ('narrow_upscale', 'narrow_20x90.png', cfg(40)),
    ('gray16_overshoot', 'gray16_edges_20x16.png', cfg(48)),
    ('gray16_bilinear', 'gray16_edges_20x16.png', cfg(12, interp='bilinear')),
    ('rgb16', 'rgb16_40x30.png', cfg(24)),
    ('cmyk_padded', 'cmyk_40x30.jpg', cfg(40, resize=24)),
    ('rgba_webp', 'rgba_lossless_80x60.webp', cfg(40)),
    ('exif_ignored', 'exif6_60x40.jpg', cfg(32)),
    ('exif_rotated', 'exif6_60x40.jpg', cfg(32, exifRotate=True)),
    ('pixels_l', 'pixels_l_28x28.u8', cfg(40)),
    ('pixels_rgb', 'pixels_rgb_32x24.u8', cfg(20)),
    ('pixels_rgba', 'pixels_rgba_30x20.u8', cfg(16, interp='bilinear')),
]


def open_image(spec):
    if isinstance(spec, dict):
        raw = np.fromfile(os.path.join(OUT, 'images', spec['pixels']), np.uint8)
        shape = (spec['height'], spec['width']) + (() if spec['channels'] == 1 else (spec['channels'],))
        return Image.fromarray(raw.reshape(shape))
    return Image.open(os.path.join(OUT, 'images', spec))


# Resampler alone: (input w, h, output w, h, mode, filter) on seeded noise, covering up/down/one-axis scaling.
RESAMPLE = [
    (17, 13, 7, 5, 'L', 'bicubic'),
    (17, 13, 40, 29, 'L', 'bicubic'),
    (23, 19, 23, 6, 'RGB', 'bicubic'),
    (23, 19, 5, 19, 'RGB', 'bicubic'),
    (9, 31, 30, 4, 'RGB', 'bicubic'),
    (64, 3, 3, 11, 'RGB', 'bicubic'),
    (19, 17, 11, 23, 'RGBA', 'bicubic'),
    (19, 17, 11, 23, 'LA', 'bilinear'),
    (21, 14, 8, 37, 'CMYK', 'bilinear'),
    (13, 11, 29, 7, 'I', 'bicubic'),
    (13, 11, 5, 5, 'I', 'bilinear'),
    (25, 22, 9, 31, 'RGB', 'nearest'),
    (7, 9, 33, 12, 'I', 'nearest'),
    (31, 29, 10, 10, 'P', 'bicubic'),
    (31, 29, 47, 41, '1', 'bicubic'),
    (3, 2, 1, 1, 'RGB', 'bicubic'),
]


def make_resample(rng):
    index, blob = [], bytearray()
    filters = {'bicubic': Image.Resampling.BICUBIC, 'bilinear': Image.Resampling.BILINEAR, 'nearest': Image.Resampling.NEAREST}
    bands = {'L': 1, 'LA': 2, 'RGB': 3, 'RGBA': 4, 'CMYK': 4, 'I': 1, 'P': 1, '1': 1}
    for (w, h, ow, oh, mode, filt) in RESAMPLE:
        shape = (h, w) if bands[mode] == 1 else (h, w, bands[mode])
        if mode == 'I':
            arr = rng.integers(-300, 66000, shape).astype(np.int32)
            img = Image.fromarray(arr, 'I')
        elif mode == 'P':
            arr = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
            img = Image.fromarray(arr).convert('P', palette=Image.Palette.ADAPTIVE, colors=16)
        elif mode == '1':
            img = Image.fromarray(rng.integers(0, 2, shape, dtype=np.uint8) * 255).convert('1')
        else:
            img = Image.frombytes(mode, (w, h), rng.integers(0, 256, shape, dtype=np.uint8).tobytes())
        out = img.resize((ow, oh), filters[filt])
        # Inputs and outputs as the samples the TypeScript side works on (palette expanded, '1' as 0/255).
        conv = {'P': 'RGB', '1': 'L'}.get(mode, mode)
        src = np.asarray(img.convert(conv) if conv != mode else img)
        dst = np.asarray(out.convert(conv) if conv != mode else out)
        if mode == 'I':
            src, dst = src.astype('<i4'), dst.astype('<i4')
        entry = {'mode': mode, 'filter': filt, 'width': w, 'height': h, 'outWidth': ow, 'outHeight': oh,
                 'channels': 1 if src.ndim == 2 else src.shape[2], 'inputOffset': len(blob)}
        blob += src.tobytes()
        entry['outputOffset'] = len(blob)
        blob += dst.tobytes()
        index.append(entry)
    return index, bytes(blob)


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(os.path.join(OUT, 'images'))
    os.makedirs(os.path.join(OUT, 'expected'))
    images = make_images()
    cases = []
    for name, image, config in CASES:
        spec = images[image]
        out = reference(open_image(spec), config)
        out.tofile(os.path.join(OUT, 'expected', name + '.rgb'))
        source = {'kind': 'pixels', **spec} if isinstance(spec, dict) else {'kind': 'file', 'file': spec}
        cases.append({'name': name, 'source': source, 'config': config, 'mode': open_image(spec).mode,
                      'outWidth': out.shape[1], 'outHeight': out.shape[0]})
    resample, blob = make_resample(np.random.default_rng(7))
    with open(os.path.join(OUT, 'resample.bin'), 'wb') as f:
        f.write(blob)
    meta = {'generator': 'tools/make-image-fixtures.py', 'pillow': PIL.__version__, 'torchvision': torchvision.__version__}
    with open(os.path.join(OUT, 'cases.json'), 'w') as f:
        json.dump({**meta, 'cases': cases}, f, indent=1)
        f.write('\n')
    with open(os.path.join(OUT, 'resample.json'), 'w') as f:
        json.dump({**meta, 'cases': resample}, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
