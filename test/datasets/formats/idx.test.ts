import { describe, expect, it } from 'vitest';
import { parseIdx, readIdxFile } from '../../../src/datasets/formats/idx.js';
import { datasetFixture } from '../../helpers/datasets.js';

function idx(type: number, dims: number[], body: number[]): Uint8Array {
  const header = [0, 0, type, dims.length, ...dims.flatMap((d) => [d >>> 24, (d >>> 16) & 255, (d >>> 8) & 255, d & 255])];
  return Uint8Array.from([...header, ...body]);
}

describe('IDX reader', () => {
  it('reads the dimensions big-endian and the values row-major', () => {
    const array = parseIdx(idx(0x08, [2, 3], [1, 2, 3, 4, 5, 6]), 'x');
    expect(array).toMatchObject({ type: 'ubyte', dims: [2, 3] });
    expect([...array.bytes]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(parseIdx(idx(0x0b, [1], [1, 2]), 'x')).toMatchObject({ type: 'short', dims: [1] });
  });

  it('reads gzipped and raw files alike', async () => {
    const raw = await readIdxFile(`${datasetFixture('mnist')}/t10k-images-idx3-ubyte`);
    const gz = await readIdxFile(`${datasetFixture('fashion-mnist')}/t10k-images-idx3-ubyte.gz`);
    expect(raw.dims).toEqual([3, 28, 28]);
    expect(gz.dims).toEqual([3, 28, 28]);
  });

  it('rejects bad magic numbers, unknown types and lengths that disagree with the header', () => {
    expect(() => parseIdx(Uint8Array.from([1, 0, 8, 1]), 'f.idx')).toThrow(/f\.idx: not an IDX file/);
    expect(() => parseIdx(idx(0x07, [1], [0]), 'f.idx')).toThrow(/unknown IDX type byte 0x7/);
    expect(() => parseIdx(idx(0x08, [2, 2], [1, 2, 3]), 'f.idx')).toThrow(/truncated: dimensions \[2, 2\] of ubyte need 16 bytes, found 15/);
    expect(() => parseIdx(idx(0x08, [1], [1, 2]), 'f.idx')).toThrow(/longer than its header says/);
    expect(() => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0]), 'f.idx')).toThrow(/truncated IDX header/);
  });
});
