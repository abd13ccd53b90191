import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FeatureStore } from '../../src/features/store.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-store-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const key = (i: number) => createHash('sha1').update(`sample ${i}`).digest();
const row = (i: number) => Float32Array.from({ length: 8 }, (_, j) => i * 10 + j);

describe('FeatureStore', () => {
  it('keeps rows across reopening, written in chunks', async () => {
    const dir = join(tmp, 'a');
    const store = await FeatureStore.open(dir, { key: 'test' });
    expect(store.width).toBeUndefined();
    for (let i = 0; i < 700; i++) await store.put(key(i), row(i));
    await store.close();
    expect(readdirSync(join(dir, 'chunks')).filter((f) => f.endsWith('.npy'))).toHaveLength(2); // 512 + 188

    const again = await FeatureStore.open(dir, { key: 'test' });
    expect(again.width).toBe(8);
    expect(again.size).toBe(700);
    expect(again.has(key(699))).toBe(true);
    expect(again.has(key(700))).toBe(false);
    expect(Array.from((await again.get(key(513)))!)).toEqual(Array.from(row(513)));
    expect(Array.from((await again.get(key(3)))!)).toEqual(Array.from(row(3)));
    await again.close();
  });

  it('ignores a damaged chunk (killed mid-write or truncated) and keeps the rest', async () => {
    const dir = join(tmp, 'b');
    const store = await FeatureStore.open(dir, {});
    for (let i = 0; i < 600; i++) await store.put(key(i), row(i));
    await store.close();
    const chunks = readdirSync(join(dir, 'chunks')).filter((f) => f.endsWith('.npy')).sort();
    truncateSync(join(dir, 'chunks', chunks[1]!), 200);
    writeFileSync(join(dir, 'chunks', 'zz-orphan.keys'), Buffer.alloc(20)); // keys without data
    const again = await FeatureStore.open(dir, {});
    expect(again.damaged.length).toBe(2);
    expect(again.size).toBe(512);
    await again.close();
  });

  it('serves rows before their chunk is written; a key put twice is stored once', async () => {
    const dir = join(tmp, 'd');
    const store = await FeatureStore.open(dir, {});
    for (let i = 0; i < 10; i++) await store.put(key(i), row(i));
    await store.put(key(3), row(99));
    expect(store.size).toBe(10);
    expect(Array.from((await store.get(key(3)))!)).toEqual(Array.from(row(3)));
    expect(await store.get(key(10))).toBeUndefined();
    expect(readdirSync(join(dir, 'chunks'))).toEqual([]);
    await store.close();
    const again = await FeatureStore.open(dir, {});
    expect(Array.from((await again.get(key(9)))!)).toEqual(Array.from(row(9)));
    await again.close();
  });

  it('refuses rows of another width', async () => {
    const store = await FeatureStore.open(join(tmp, 'c'), {});
    await store.put(key(1), row(1));
    await expect(store.put(key(2), new Float32Array(4))).rejects.toThrow(/holds 8-d rows but got a 4-d row/);
    await store.close();
  });
});
