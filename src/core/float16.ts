/** IEEE 754 half-precision conversion, for fp16 model variants whose inputs or outputs are float16. */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

export function toFloat16Bits(values: Float32Array): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) {
    f32[0] = values[i]!;
    const x = u32[0]!;
    const sign = (x >>> 16) & 0x8000;
    const exp = (x >>> 23) & 0xff;
    let mant = x & 0x7fffff;
    if (exp === 0xff) {
      out[i] = sign | 0x7c00 | (mant ? 0x200 : 0); // Inf or NaN
      continue;
    }
    const e = exp - 127 + 15;
    if (e >= 0x1f) {
      out[i] = sign | 0x7c00; // overflow to Inf
    } else if (e <= 0) {
      if (e < -10) {
        out[i] = sign; // underflow to signed zero
        continue;
      }
      mant |= 0x800000; // subnormal: shift in the implicit bit, round to nearest even
      const shift = 14 - e;
      const half = 1 << (shift - 1);
      const rounded = (mant + half - 1 + ((mant >>> shift) & 1)) >>> shift;
      out[i] = sign | rounded;
    } else {
      const rounded = mant + 0xfff + ((mant >>> 13) & 1); // round to nearest even on the 13 dropped bits
      out[i] = rounded & 0x800000 ? sign | ((e + 1) << 10) : sign | (e << 10) | (rounded >>> 13);
    }
  }
  return out;
}

export function fromFloat16Bits(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i]!;
    const sign = h & 0x8000 ? -1 : 1;
    const exp = (h >>> 10) & 0x1f;
    const mant = h & 0x3ff;
    if (exp === 0) out[i] = sign * mant * 2 ** -24;
    else if (exp === 0x1f) out[i] = mant ? NaN : sign * Infinity;
    else out[i] = sign * (1 + mant / 1024) * 2 ** (exp - 15);
  }
  return out;
}
