import { describe, expect, it } from 'vitest';
import { readAhead } from '../../../src/datasets/layouts/read-ahead.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A source of `count` items `${name}${i}` produced with the given delays, recording how far it got. */
function source(name: string, count: number, delay: number, progress: Map<string, number>, failAt?: number) {
  return async function* () {
    for (let i = 0; i < count; i++) {
      await sleep(delay);
      if (i === failAt) throw new Error(`${name} failed at ${i}`);
      progress.set(name, i + 1);
      yield `${name}${i}`;
    }
  };
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe('readAhead', () => {
  it('yields sources in order even when later ones finish first, reading ahead concurrently', async () => {
    const progress = new Map<string, number>();
    const items = readAhead([source('a', 5, 8, progress), source('b', 3, 1, progress), source('c', 3, 1, progress)], 3, 10);
    const first = await items.next();
    expect(first.value).toBe('a0');
    await sleep(30);
    expect(progress.get('b')).toBe(3); // b was read while a was still being consumed
    expect([first.value, ...(await all(items))]).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'b0', 'b1', 'b2', 'c0', 'c1', 'c2']);
  });

  it('buffers at most `capacity` items of a source that is not being consumed', async () => {
    const progress = new Map<string, number>();
    const items = readAhead([source('a', 2, 1, progress), source('b', 50, 0, progress)], 2, 4);
    await items.next();
    await sleep(40);
    expect(progress.get('b')).toBeLessThanOrEqual(5);
    expect(await all(items)).toHaveLength(51);
  });

  it('raises a source error after the items produced before it, and stops the others', async () => {
    const progress = new Map<string, number>();
    const seen: string[] = [];
    const run = async () => {
      for await (const item of readAhead([source('a', 4, 1, progress, 2), source('b', 100, 1, progress)], 2, 4)) seen.push(item);
    };
    await expect(run()).rejects.toThrow('a failed at 2');
    expect(seen).toEqual(['a0', 'a1']);
    const stoppedAt = progress.get('b') ?? 0;
    await sleep(30);
    expect(progress.get('b') ?? 0).toBeLessThanOrEqual(stoppedAt + 1);
  });

  it('reads no more than `ahead` sources at once', async () => {
    const progress = new Map<string, number>();
    const items = readAhead(['a', 'b', 'c', 'd'].map((n) => source(n, 2, 1, progress)), 2, 10);
    await items.next();
    await sleep(30);
    expect([...progress.keys()].sort()).toEqual(['a', 'b']);
    expect(await all(items)).toHaveLength(7);
  });
});

describe('readAhead with a byte bound', () => {
  it('holds at most maxBytes per source (one larger item passes alone), in order', async () => {
    let produced = 0;
    const sizes = [40, 40, 40, 200, 10, 10];
    const big = async function* () {
      for (const size of sizes) {
        produced++;
        yield size;
      }
    };
    const items = readAhead([big], 1, 100, { bytes: (n: number) => n, maxBytes: 100 });
    expect((await items.next()).value).toBe(40);
    await sleep(20);
    // 40 consumed; the queue stops once it holds 100 bytes or more: 40 + 40 + 200 would be 280.
    expect(produced).toBeLessThanOrEqual(4);
    const rest: number[] = [];
    for await (const n of items) rest.push(n);
    expect(rest).toEqual(sizes.slice(1));
  });
});
