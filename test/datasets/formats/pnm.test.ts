import { describe, expect, it } from 'vitest';
import { decodePnm } from '../../../src/datasets/formats/pnm.js';

describe('PNM decoder', () => {
  it('reads P5 and P6 headers with comments', () => {
    const header = new TextEncoder().encode('P5\n# made by hand\n2 1\n255\n');
    expect(decodePnm(Uint8Array.from([...header, 7, 9]), 'x.pgm')).toEqual({ width: 2, height: 1, channels: 1, data: Uint8Array.from([7, 9]) });
  });

  it('refuses ASCII and 16-bit files', () => {
    expect(() => decodePnm(new TextEncoder().encode('P3\n1 1\n255\n0 0 0\n'), 'a.ppm')).toThrow(/a\.ppm: not a binary PPM\/PGM \(magic 'P3'/);
    expect(() => decodePnm(new TextEncoder().encode('P6\n1 1\n65535\n'), 'b.ppm')).toThrow(/b\.ppm: 16-bit PNM is not supported/);
  });
});
