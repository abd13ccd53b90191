import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, readCsv } from '../../src/core/csv.js';

describe('csv reader', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'csv-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true });
  });

  it('parses a header row into trimmed records, BOM and quotes included', () => {
    const table = parseCsv('\uFEFFfile,race\nval/1.jpg, "East Asian"\n\n', 'x.csv');
    expect(table.columns).toEqual(['file', 'race']);
    expect(table.records).toEqual([{ file: 'val/1.jpg', race: 'East Asian' }]);
  });

  it('names the file and the missing columns', async () => {
    const path = join(dir, 'labels.csv');
    await writeFile(path, 'file,age\nval/1.jpg,3-9\n');
    await expect(readCsv(path, ['file', 'race'], 'FairFace')).rejects.toThrow(/FairFace: .*labels\.csv lacks column\(s\) race \(found: file, age; expected file,race\)/);
    await expect(readCsv(join(dir, 'missing.csv'), [], 'FairFace')).rejects.toThrow(/FairFace: cannot read .*missing\.csv/);
  });

  it('reports unparseable text with the file name', async () => {
    const path = join(dir, 'bad.csv');
    await writeFile(path, 'a,b\n"unterminated,1\n');
    await expect(readCsv(path, [], path)).rejects.toThrow(/bad\.csv: not a readable CSV file/);
  });
});
