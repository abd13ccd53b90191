import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyIndex } from '../../src/features/key-index.js';

const key = (i: number) => createHash('sha1').update(`sample ${i}`).digest();

describe('KeyIndex', () => {
  it('agrees with a Map on 20,000 keys through several growths, including moved keys', () => {
    const index = new KeyIndex(16);
    const oracle = new Map<string, { chunk: number; row: number }>();
    for (let i = 0; i < 20_000; i++) {
      const k = key(i % 15_000); // the last 5,000 move existing keys
      const location = { chunk: Math.floor(i / 512), row: i % 512 };
      index.set(k, location.chunk, location.row);
      oracle.set(k.toString('hex'), location);
    }
    expect(index.size).toBe(oracle.size);
    for (let i = 0; i < 16_000; i++) {
      const k = key(i);
      expect(index.has(k)).toBe(oracle.has(k.toString('hex')));
      expect(index.get(k)).toEqual(oracle.get(k.toString('hex')));
    }
  });

  it('tells apart keys that share their first bytes (the hash)', () => {
    const index = new KeyIndex();
    const a = Buffer.alloc(20, 7);
    const b = Buffer.from(a);
    b[19] = 8;
    index.set(a, 0, 1);
    expect(index.has(b)).toBe(false);
    index.set(b, 2, 3);
    expect(index.get(a)).toEqual({ chunk: 0, row: 1 });
    expect(index.get(b)).toEqual({ chunk: 2, row: 3 });
    expect(() => index.set(Buffer.alloc(16), 0, 0)).toThrow(/20 bytes/);
  });
});
