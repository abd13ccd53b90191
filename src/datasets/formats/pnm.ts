import { ClipEvalError, printable } from '../../core/errors.js';

/**
 * Binary PGM/PPM (P5/P6, 8-bit), the format of GTSRB's .ppm images, which sharp does not decode. The
 * header is the magic number, width, height and maximum value separated by whitespace (with `#` comments),
 * then one whitespace byte and the rows top to bottom, RGB interleaved: the layout of a 'pixels' source.
 */
export interface PnmImage {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
  readonly data: Uint8Array;
}

export function decodePnm(bytes: Uint8Array, name: string): PnmImage {
  let pos = 2;
  const field = (): number => {
    for (;;) {
      while (pos < bytes.length && /\s/.test(String.fromCharCode(bytes[pos]!))) pos++;
      if (bytes[pos] !== 0x23) break; // '#' comment to the end of the line
      while (pos < bytes.length && bytes[pos] !== 0x0a) pos++;
    }
    const start = pos;
    while (pos < bytes.length && bytes[pos]! >= 0x30 && bytes[pos]! <= 0x39) pos++;
    if (pos === start) throw new ClipEvalError('IMAGE', `${name}: malformed PNM header at byte ${start}; the file is truncated or not a binary PPM/PGM`);
    return Number(new TextDecoder().decode(bytes.subarray(start, pos)));
  };
  const magic = String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0);
  if (magic !== 'P5' && magic !== 'P6') {
    throw new ClipEvalError('IMAGE', `${name}: not a binary PPM/PGM (magic '${printable(magic)}', expected P6 or P5)`);
  }
  const width = field();
  const height = field();
  const maxval = field();
  if (maxval !== 255) throw new ClipEvalError('IMAGE', `${name}: ${maxval === 65535 ? '16-bit' : `maximum value ${maxval}`} PNM is not supported (expected 8-bit, 255)`);
  const channels = magic === 'P6' ? 3 : 1;
  const start = pos + 1;
  const size = width * height * channels;
  if (bytes.length < start + size) {
    throw new ClipEvalError('IMAGE', `${name}: truncated PNM: ${width}x${height}x${channels} needs ${start + size} bytes, found ${bytes.length}`);
  }
  return { width, height, channels, data: bytes.subarray(start, start + size) };
}
