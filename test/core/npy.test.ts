import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeNpy, encodeNpy } from '../../src/core/npy.js';
import { NpyRowWriter } from '../../src/core/npy-writer.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-npy-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npy', () => {
  it('round-trips float32, int64 and int32 with 64-byte aligned data', () => {
    const f = encodeNpy({ dtype: 'float32', shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, 6.5]) });
    expect(f.subarray(0, 6).toString('latin1')).toBe('\x93NUMPY');
    expect((f.length - 24) % 64).toBe(0);
    expect(decodeNpy(f)).toMatchObject({ dtype: 'float32', shape: [2, 3] });
    const i = decodeNpy(encodeNpy({ dtype: 'int64', shape: [3], data: BigInt64Array.from([1n, -2n, 3n]) }));
    expect(Array.from(i.data as BigInt64Array)).toEqual([1n, -2n, 3n]);
  });

  it('refuses truncated, Fortran-ordered and unsupported arrays with the reason', () => {
    const f = encodeNpy({ dtype: 'float32', shape: [4], data: new Float32Array(4) });
    expect(() => decodeNpy(f.subarray(0, f.length - 4), 'x.npy')).toThrow(/x\.npy: truncated .npy/);
    const fortran = Buffer.from(f.toString('latin1').replace("'fortran_order': False", "'fortran_order': True "), 'latin1');
    expect(() => decodeNpy(fortran)).toThrow(/Fortran-ordered/);
    const f8 = Buffer.from(f.toString('latin1').replace("'<f4'", "'<f8'"), 'latin1');
    expect(() => decodeNpy(f8)).toThrow(/dtype <f8 is not supported/);
  });

  it('streams rows into a .npy whose header gets the final row count', async () => {
    const path = join(tmp, 'rows.npy');
    const writer = await NpyRowWriter.create(path);
    await writer.append(Float32Array.from([1, 2, 3, 4]), 2);
    await writer.append(Float32Array.from([5, 6]), 2);
    await writer.close();
    const array = decodeNpy(readFileSync(path));
    expect(array.shape).toEqual([3, 2]);
    expect(Array.from(array.data as Float32Array)).toEqual([1, 2, 3, 4, 5, 6]);
  });
});
