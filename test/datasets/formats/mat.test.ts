import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMat, readMatFile, type MatValue } from '../../../src/datasets/formats/mat.js';
import { matCellTexts, matField, matNumbers, matText, matVariable } from '../../../src/datasets/formats/mat-values.js';
import { datasetFixture } from '../../helpers/datasets.js';

const DIR = datasetFixture('mat');

/** The shape tools/make-dataset-fixtures/mat.py writes from scipy.io.loadmat (values in column-major order). */
function plain(value: MatValue): unknown {
  switch (value.kind) {
    case 'numeric':
      return {
        kind: 'numeric',
        dims: value.dims,
        className: value.className,
        logical: value.logical,
        real: Array.from(value.real as ArrayLike<number | bigint>, Number),
        ...(value.imag ? { imag: Array.from(value.imag as ArrayLike<number | bigint>, Number) } : {}),
      };
    case 'char':
      return { kind: 'char', dims: value.dims, text: value.text };
    case 'cell':
      return { kind: 'cell', dims: value.dims, cells: value.cells.map(plain) };
    case 'struct':
      return { kind: 'struct', dims: value.dims, fields: value.fields, elements: value.elements.map((e) => Object.fromEntries([...e].map(([k, v]) => [k, plain(v)]))) };
    default:
      return value;
  }
}

describe('MAT v5 reader', () => {
  const expected = JSON.parse(readFileSync(`${DIR}/expected.json`, 'utf8')) as Record<string, unknown>;

  it.each(['values.mat', 'values-compressed.mat'])('reads every value kind of %s as scipy.io.loadmat does', async (file) => {
    const variables = await readMatFile(`${DIR}/${file}`);
    expect([...variables.keys()]).toEqual(Object.keys(expected));
    for (const [name, value] of variables) expect(plain(value), name).toEqual(expected[name]);
  });

  it('reads big-endian files, small data elements and doubles stored as bytes', async () => {
    const variables = await readMatFile(`${DIR}/big-endian.mat`);
    expect(matNumbers(matVariable(variables, 'x', 'f'), 'x')).toEqual([1.5, -2, 3e10]);
    expect(matText(matVariable(variables, 'name', 'f'), 'name')).toBe('abc');
    expect(plain(matVariable(variables, 'n', 'f'))).toMatchObject({ className: 'int16', real: [-7] });
    expect(plain(matVariable(variables, 'd', 'f'))).toMatchObject({ className: 'double', dims: [3, 1], real: [1, 2, 250] });
  });

  it('gives typed access to cells and structs, with errors that name the value', async () => {
    const variables = await readMatFile(`${DIR}/values.mat`);
    const records = matVariable(variables, 'records', 'values.mat');
    expect(matText(matField(records, 1, 'name', 'records'), 'name')).toBe('second');
    expect(matNumbers(matField(records, 1, 'id', 'records'), 'id')).toEqual([2, 3]);
    expect(() => matField(records, 0, 'nope', 'values.mat: records')).toThrow(/values\.mat: records: struct has no field 'nope' \(fields: id, name, extra\)/);
    expect(() => matCellTexts(matVariable(variables, 'mixed', 'values.mat'), 'mixed')).toThrow(/mixed\{1\}: expected a char array, found a 1x2 double array/);
    expect(() => matText(matVariable(variables, 'rows', 'values.mat'), 'rows')).toThrow(/expected a single string/);
    expect(() => matVariable(variables, 'labels', 'values.mat')).toThrow(/values\.mat: no variable 'labels' \(found: matrix, int8,/);
  });

  it.each(['truncated-values.mat', 'truncated-values-compressed.mat'])('reports %s as truncated with sizes', async (file) => {
    await expect(readMatFile(`${DIR}/${file}`)).rejects.toThrow(/MAT-file truncated: the data element at byte \d+ needs \d+ bytes but only \d+ remain \(expected at least \d+ bytes, found \d+\)/);
  });

  it('refuses v7.3 (HDF5) files with how to convert them', async () => {
    await expect(readMatFile(`${DIR}/v73.mat`)).rejects.toThrow(/v73\.mat: MAT v7\.3 \(HDF5\) files are not supported; re-save it as a level-5 MAT-file/);
  });

  it('refuses files that are not level-5 MAT-files', () => {
    expect(() => parseMat(new Uint8Array(64), 'short.mat')).toThrow(/short\.mat: MAT-file truncated: its 128-byte header is incomplete/);
    expect(() => parseMat(new Uint8Array(200), 'v4.mat')).toThrow(/v4\.mat: not a level-5 MAT-file/);
  });
});

describe('MAT v5 reader on corrupt input (cases found by test/fuzz)', () => {
  /** One data element: type, size, data padded to 8 bytes (little-endian). */
  const element = (type: number, data: Buffer) => {
    const tag = Buffer.alloc(8);
    tag.writeUInt32LE(type, 0);
    tag.writeUInt32LE(data.length, 4);
    return Buffer.concat([tag, data, Buffer.alloc((8 - (data.length % 8)) % 8)]);
  };
  const int32s = (...v: number[]) => Buffer.from(Int32Array.from(v).buffer);
  /** A level-5 file holding one char array of class 4 with `dims`, name `name` and `chars` of type `charType`. */
  function charMat(dims: number[], name: string, charType: number, chars: Buffer): Buffer {
    const header = Buffer.alloc(128, ' ');
    header.write('MATLAB 5.0 MAT-file, fuzz case', 0, 'latin1');
    header.writeUInt16LE(0x0100, 124);
    header.write('IM', 126, 'latin1');
    const flags = Buffer.alloc(8);
    flags.writeUInt32LE(4, 0);
    const body = Buffer.concat([element(6, flags), element(5, int32s(...dims)), element(1, Buffer.from(name, 'latin1')), element(charType, chars)]);
    return Buffer.concat([header, element(14, body)]);
  }

  it('a UTF-32 character beyond U+10FFFF is a malformed-file error, not a RangeError', () => {
    const bytes = charMat([1, 1], 'c', 18, Buffer.from(Uint32Array.from([0x110000]).buffer));
    expect(() => parseMat(bytes, 'bad.mat')).toThrow(/bad\.mat: malformed MAT-file at byte \d+: char data holds 1114112, not a Unicode code point/);
  });

  it('dimensions claiming more values than the element holds are an error on one line, the name quoted printably', () => {
    const bytes = charMat([1, 201326593], '\r', 16, Buffer.from('ab'));
    expect(() => parseMat(bytes, 'dims.mat')).toThrow(/^dims\.mat: malformed MAT-file at byte 128: dimensions \[1, 201326593\] of '\\x0d' claim 201326593 values but the array element holds \d+ bytes/);
    expect(() => parseMat(charMat([-1, 2], 'x', 16, Buffer.from('ab')), 'neg.mat')).toThrow(/dimensions \[-1, 2\] of 'x' claim -2 values/);
  });
});
