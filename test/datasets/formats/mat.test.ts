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
