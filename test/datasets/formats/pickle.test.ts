import { describe, expect, it } from 'vitest';
import { pyField, pyText, readPickleFile, unpickle, type NdArray } from '../../../src/datasets/formats/pickle.js';
import { datasetFixture } from '../../helpers/datasets.js';

const DIR = datasetFixture('pickle');

describe('safe unpickler', () => {
  it.each(['py3-protocol2.pkl', 'protocol4.pkl'])('reads the values Python pickled in %s', async (file) => {
    const value = await readPickleFile(`${DIR}/${file}`);
    expect(value).toBeInstanceOf(Map);
    const data = pyField(value, 'data', file) as NdArray;
    expect(data).toMatchObject({ kind: 'ndarray', shape: [2, 3], dtype: '|u1', fortran: false });
    expect([...data.data]).toEqual([0, 1, 2, 3, 4, 5]);
    const wide = pyField(value, 'wide', file) as NdArray;
    expect(wide).toMatchObject({ shape: [2], dtype: '<i8' });
    expect([...new BigInt64Array(Uint8Array.from(wide.data).buffer)]).toEqual([1n, -2n]);
    expect(pyField(value, 'labels', file)).toEqual([1, 200, 70000, 2 ** 40, -5]);
    expect([...(pyField(value, 'raw', file) as Uint8Array)]).toEqual([0xff, 0, 0x61, 0x62, 0x63]);
    expect(pyField(value, 'text', file)).toBe('café');
    expect(pyField(value, 'float', file)).toBe(1.5);
    expect(pyField(value, 'none', file)).toBeNull();
    expect(pyField(value, 'flags', file)).toEqual([true, false]);
  });

  it("keeps Python 2 str as bytes, read as latin-1 for keys and text (pickle.load(f, encoding='latin1'))", async () => {
    const value = await readPickleFile(`${DIR}/py2-style.pkl`);
    expect([...(value as Map<string, unknown>).keys()]).toEqual(['data', 'raw', 'labels']);
    expect(pyText(pyField(value, 'raw', 'x'), 'raw')).toBe('\u00ff\u0000abc');
  });

  it('refuses any other global instead of running it', async () => {
    await expect(readPickleFile(`${DIR}/malicious.pkl`)).rejects.toThrow(/malicious\.pkl: cannot unpickle \(refusing global os\.system/);
  });

  it('reports a truncated pickle with where it ends', async () => {
    await expect(readPickleFile(`${DIR}/truncated.pkl`)).rejects.toThrow(/truncated\.pkl: pickle truncated: byte \d+ needs \d+ more bytes, but the file ends at \d+/);
    expect(() => unpickle(Uint8Array.from([0x80, 0x02, 0x7d]), 'nostop.pkl')).toThrow(/nostop\.pkl: pickle truncated/);
  });

  it('refuses opcodes it does not support', () => {
    expect(() => unpickle(Uint8Array.from([0x80, 0x02, 0x81, 0x2e]), 'newobj.pkl')).toThrow(/unsupported opcode 0x81/);
  });
});
