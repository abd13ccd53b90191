/**
 * The only module that imports sharp (CONVENTIONS 5): decoding files for the preprocessing pipeline,
 * rasterising SVG and encoding PNG/JPEG for the dataset builders and the report renderer.
 */
import sharp, { type Metadata } from 'sharp';
import { ClipEvalError, errorMessage } from '../core/errors.js';
import { rawImage, selectBands, type RawImage } from './raw-image.js';

// Decoding runs in worker threads and libuv's pool; sharp's own cache only costs memory here.
sharp.cache(false);
// Images are decoded one per worker thread; libvips' own thread pool would only add threads (and malloc
// arenas, which grow the resident set over long runs) on top of ours.
sharp.concurrency(1);

/**
 * An encoded image's samples as stored: no resize, no colour management (the embedded ICC profile is
 * ignored, CMYK stays CMYK), no EXIF rotation unless asked. Gray with alpha comes as 2 bands; 16-bit files
 * keep their 16-bit samples.
 */
export interface DecodedImage {
  readonly format: string;
  readonly width: number;
  readonly height: number;
  /** The colour bands, alpha excluded. */
  readonly colour: 'gray' | 'rgb' | 'cmyk';
  readonly channels: 1 | 2 | 3 | 4;
  readonly hasAlpha: boolean;
  /** Palette-based (PNG, GIF): sharp expands the palette to gray or RGB (+ alpha). */
  readonly isPalette: boolean;
  /** Bits per sample as stored, where the format says (PNG, GIF). */
  readonly bitsPerSample: number | undefined;
  readonly data: Uint8Array | Uint16Array;
}

/** The libvips colour space that keeps each kind of file's samples unconverted. */
function keptSpace(space: string, sixteenBit: boolean, hasAlpha: boolean): { colour: DecodedImage['colour']; space: string } {
  if (space === 'cmyk') return { colour: 'cmyk', space: 'cmyk' };
  if (space === 'b-w' || space === 'grey16') {
    // sharp's raw 'b-w' output keeps only the first band, so 8-bit gray + alpha goes through sRGB (an exact copy).
    if (sixteenBit) return { colour: 'gray', space: 'grey16' };
    return { colour: 'gray', space: hasAlpha ? 'srgb' : 'b-w' };
  }
  // Other spaces (Lab, scRGB, ...) are converted by libvips: no Pillow mode keeps them.
  return { colour: 'rgb', space: sixteenBit ? 'rgb16' : 'srgb' };
}

/** What an image's header says, read without decoding a pixel (sharp's metadata). */
export interface ImageHeader {
  readonly format: string;
  readonly width: number;
  readonly height: number;
  /** width x height: what decoding will hold (times bands and bytes per sample). */
  readonly pixels: number;
  /** sharp's metadata, kept for decodeImage. */
  readonly meta: Metadata;
}

function cannotDecode(name: string, error: unknown): ClipEvalError {
  // libvips' messages span several lines ("VipsJpeg: ...\n"); one line here, as every message is.
  const why = errorMessage(error).trim().replace(/\s*\n\s*/g, ' / ');
  return new ClipEvalError('IMAGE', `${name}: cannot decode image (${why}); check that the file is a complete JPEG, PNG, WebP, GIF or TIFF`, { cause: error });
}

/**
 * Reads the header of an encoded image (bytes, or a file path: libvips then reads only as far as the header)
 * and checks its size against `maxPixels` before anything is decoded, so that a decompression bomb (a 1 MB
 * PNG of 16000x16000) fails at once, with a reason that says it is the pixel limit.
 */
export async function readImageHeader(input: Uint8Array | string, name: string, maxPixels: number): Promise<ImageHeader> {
  if (typeof input !== 'string' && input.length === 0) throw new ClipEvalError('IMAGE', `${name}: empty file (0 bytes); re-download or remove it`);
  let meta: Metadata;
  try {
    meta = await sharp(input).metadata();
  } catch (error) {
    throw cannotDecode(name, error);
  }
  const width = meta.width ?? 0;
  const height = meta.pageHeight ?? meta.height ?? 0;
  const pixels = width * height;
  if (pixels > maxPixels) {
    throw new ClipEvalError(
      'IMAGE',
      `${name}: ${width}x${height} image (${pixels.toLocaleString('en-US')} pixels) is over the pixel limit of ${maxPixels.toLocaleString('en-US')} (--max-pixels; the reference, Pillow, refuses images over 178,956,970 as decompression bombs); not decoded — raise --max-pixels to evaluate it`,
    );
  }
  return { format: meta.format ?? 'unknown', width, height, pixels, meta };
}

/**
 * Decode an encoded image whose header was read (and size checked) by readImageHeader; `name` is used in
 * messages. Rejects with ClipEvalError('IMAGE').
 */
export async function decodeImage(bytes: Uint8Array, name: string, options: { autoOrient: boolean; header: ImageHeader }): Promise<DecodedImage> {
  const { meta } = options.header;
  try {
    const sixteenBit = meta.depth === 'ushort';
    const { colour, space } = keptSpace(meta.space, sixteenBit, meta.hasAlpha);
    // libvips' own check of the header size, in case the decoder finds a larger image than the header said.
    const limitInputPixels = Math.max(1, options.header.pixels);
    let pipeline = sharp(bytes, { ignoreIcc: true, autoOrient: options.autoOrient, limitInputPixels }).toColourspace(space);
    if (space === 'cmyk') pipeline = pipeline.pipelineColourspace('cmyk');
    const { data, info } = await pipeline.raw({ depth: sixteenBit ? 'ushort' : 'uchar' }).toBuffer({ resolveWithObject: true });
    const bytes8 = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const grayAlphaAsRgba = colour === 'gray' && !sixteenBit && info.channels === 4;
    const channels = grayAlphaAsRgba ? 2 : info.channels;
    const samples = sixteenBit
      ? new Uint16Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength))
      : grayAlphaAsRgba ? selectBands(bytes8, 4, [0, 3]) : bytes8;
    if (channels > 4 || (colour === 'cmyk' && channels !== 4)) {
      throw new Error(`${channels}-band ${meta.space} images are not supported`);
    }
    return {
      format: meta.format,
      width: info.width,
      height: info.height,
      colour,
      channels: channels as DecodedImage['channels'],
      hasAlpha: meta.hasAlpha,
      isPalette: meta.isPalette,
      bitsPerSample: meta.bitsPerSample,
      data: samples,
    };
  } catch (error) {
    throw cannotDecode(name, error);
  }
}

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
