import { describe, expect, it } from 'vitest';
import { fromFloat16Bits, toFloat16Bits } from '../../src/core/float16.js';

describe('float16 conversion', () => {
  it('encodes known values bit-exactly', () => {
    const values = Float32Array.from([0, -0, 1, -2, 0.5, 65504, 1e6, 6.103515625e-5, 5.960464477539063e-8, 1e-9, Infinity, 0.1]);
    const expected = [0x0000, 0x8000, 0x3c00, 0xc000, 0x3800, 0x7bff, 0x7c00, 0x0400, 0x0001, 0x0000, 0x7c00, 0x2e66];
    expect(Array.from(toFloat16Bits(values))).toEqual(expected);
  });

  it('round-trips every half-precision value and rounds to nearest even', () => {
    const all = new Uint16Array(65536).map((_, i) => i);
    const finite = Array.from(all).filter((h) => (h & 0x7c00) !== 0x7c00);
    const back = toFloat16Bits(fromFloat16Bits(Uint16Array.from(finite)));
    expect(Array.from(back)).toEqual(finite);
    // 1 + 2^-11 lies halfway between 1 and the next half; ties go to the even mantissa (1).
    expect(toFloat16Bits(Float32Array.from([1 + 2 ** -11]))[0]).toBe(0x3c00);
    expect(toFloat16Bits(Float32Array.from([1 + 3 * 2 ** -11]))[0]).toBe(0x3c02);
  });
});
