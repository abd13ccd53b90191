/**
 * The only module that imports sharp (CONVENTIONS 5): decoding files for the preprocessing pipeline,
 * rasterising SVG and encoding PNG/JPEG for the dataset builders and the report renderer.
 */
import sharp from 'sharp';
import { ClipEvalError, errorMessage } from '../core/errors.js';
import { rawImage, type RawImage } from './raw-image.js';

// Decoding runs in worker threads and libuv's pool; sharp's own cache only costs memory here.
sharp.cache(false);

/**
 * Rasterise an SVG document to RGBA at the given size (aspect ratio kept, centred, transparent margin).
 * `density` scales the SVG's nominal size before sharp resizes, so small icons render sharp at large sizes.
 */
export async function rasterizeSvg(svg: string | Uint8Array, width: number, height: number, name = 'svg'): Promise<RawImage> {
  try {
    const { data, info } = await sharp(typeof svg === 'string' ? Buffer.from(svg) : svg, { density: 300 })
      .resize(width, height, { fit: 'contain', background: { r: 0, g: 0, b: 0, alpha: 0 } })
      .ensureAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return rawImage(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.width, info.height, 4);
  } catch (error) {
    throw new ClipEvalError('IMAGE', `${name}: SVG failed to render: ${errorMessage(error)}`);
  }
}

/** Encode raw pixels as PNG (lossless, deterministic). */
export async function encodePng(image: RawImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/** Encode raw pixels as baseline JPEG at the given quality. */
export async function encodeJpeg(image: RawImage, quality = 90): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: image.channels } })
    .jpeg({ quality, chromaSubsampling: '4:2:0' })
    .toBuffer();
}

/** Render an SVG document (a plot) to PNG at its own size times `scale`. */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  return sharp(Buffer.from(svg), { density: 72 * scale }).png().toBuffer();
}
