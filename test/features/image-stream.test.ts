import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../src/core/errors.js';
import type { Sample } from '../../src/core/sample.js';
import type { OpenedDataset } from '../../src/datasets/types.js';
import { collectFeatures } from '../../src/features/collect.js';
import { streamImageFeatures } from '../../src/features/image-stream.js';
import { openRuntime, type Runtime } from '../../src/features/runtime.js';
import { LOCAL_FIXTURES } from '../helpers/shared.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-stream-'));
let runtime: Runtime;
beforeAll(async () => {
  runtime = await openRuntime({ model: `${LOCAL_FIXTURES}models/combined`, cacheDir: join(tmp, 'cache'), decodeWorkers: 0 });
});
afterAll(async () => {
  await runtime.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** A 6x5 RGB image in memory (a real format: raw pixels), distinct per seed. */
const pixels = (seed: number): Sample['source'] => ({ kind: 'pixels', width: 6, height: 5, channels: 3, data: Uint8Array.from({ length: 90 }, (_, i) => (i * 7 + seed * 31) % 256) });

function dataset(samples: readonly Sample[]): OpenedDataset {
  return { name: 'memory', split: 'test', root: tmp, classnames: ['a', 'b'], size: samples.length, samples: async function* () { yield* samples; }, skipped: () => [] };
}

const samples: Sample[] = [
  { id: 'ok-0', source: pixels(0), label: 0 },
  { id: 'broken', source: { kind: 'encoded', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), name: 'broken.png' }, label: 1 },
  { id: 'ok-1', source: pixels(1), label: 1, attrs: { tone: 'dark' } },
  { id: 'ok-2', source: pixels(2), label: 0 },
];

describe('the image feature stream', () => {
  it('yields batches in dataset order, counts a bad image as a failure with its reason, and caches what it encoded', async () => {
    const stream = streamImageFeatures(runtime, dataset(samples), { batchSize: 2, quiet: true });
    const ids: string[] = [];
    for await (const batch of stream) {
      expect(batch.features[stream.outputs[0]!]!.rows).toBe(batch.items.length);
      ids.push(...batch.items.map((i) => i.sample.id));
    }
    expect(ids).toEqual(['ok-0', 'ok-1', 'ok-2']);
    expect(stream.stats).toMatchObject({ hits: 0, computed: 3 });
    expect(stream.stats.failures.map((f) => [f.index, f.sample.id])).toEqual([[1, 'broken']]);
    expect(stream.stats.failures[0]!.reason).toMatch(/broken.png: cannot decode image/);

    const again = await collectFeatures(runtime, dataset(samples), { quiet: true });
    expect(again).toMatchObject({ cacheHits: 3, nFailed: 1, ids: ['ok-0', 'ok-1', 'ok-2'], indices: Int32Array.from([0, 2, 3]), labels: Int32Array.from([0, 1, 0]) });
    expect(again.attrs[1]).toEqual({ tone: 'dark' });
  });

  it('an error that is not about the image (a bug) is thrown with its stack, not counted as a failure', async () => {
    const buggy: Runtime = { ...runtime, cacheDir: undefined, pool: { ...runtime.pool, preprocess: async () => { throw new TypeError('a bug in preprocessing'); } } };
    await expect(collectFeatures(buggy, dataset(samples), { quiet: true })).rejects.toThrow(TypeError);
    const failing: Runtime = { ...runtime, cacheDir: undefined, pool: { ...runtime.pool, preprocess: async () => { throw new ClipEvalError('IMAGE', 'x: unreadable'); } } };
    const got = await collectFeatures(failing, dataset(samples), { quiet: true });
    expect(got.nFailed).toBe(4);
    expect(got.features.rows).toBe(0);
  });

  it('started early, it encodes before it is iterated and then yields every batch once; stopped unread, it encodes no more', async () => {
    const encoded: number[] = [];
    const counting: Runtime = { ...runtime, cacheDir: undefined, model: Object.create(runtime.model, { encodeImages: { value: (...args: Parameters<Runtime['model']['encodeImages']>) => (encoded.push(args[0].dims[0]!), runtime.model.encodeImages(...args)) } }) };
    const stream = streamImageFeatures(counting, dataset(samples), { batchSize: 1, quiet: true });
    stream.start();
    await expect.poll(() => encoded.length).toBe(1);
    const ids: string[] = [];
    for await (const batch of stream) ids.push(...batch.items.map((i) => i.sample.id));
    expect(ids).toEqual(['ok-0', 'ok-1', 'ok-2']);
    expect(encoded).toEqual([1, 1, 1]);

    encoded.length = 0;
    const unread = streamImageFeatures(counting, dataset(samples), { batchSize: 1, quiet: true });
    unread.start();
    await unread.stop();
    await new Promise((done) => setTimeout(done, 50));
    expect(encoded).toEqual([1]);
    await unread.stop(); // twice is harmless
  });

  it('decodes while the graph is being hashed, then reads back what the cache turns out to hold instead of encoding it', async () => {
    const cached = await collectFeatures(runtime, dataset(samples), { quiet: true });
    expect(cached.cacheHits).toBe(3);
    const encoded: number[] = [];
    let decoded = 0;
    const hashing: Runtime = {
      ...runtime,
      visionHashKnown: () => false,
      visionHash: () => new Promise((done) => setTimeout(done, 200)).then(() => runtime.visionHash()),
      pool: { ...runtime.pool, preprocess: (...args) => (decoded++, runtime.pool.preprocess(...args)) },
      model: Object.create(runtime.model, { encodeImages: { value: (...args: Parameters<Runtime['model']['encodeImages']>) => (encoded.push(args[0].dims[0]!), runtime.model.encodeImages(...args)) } }),
    };
    const got = await collectFeatures(hashing, dataset([...samples, { id: 'new', source: pixels(9), label: 1 }]), { quiet: true, batchSize: 2 });
    expect(decoded).toBe(5); // every image, the broken one and the new one included, before the hash was known
    expect(encoded).toEqual([1]); // only the new one
    expect(got).toMatchObject({ cacheHits: 3, nFailed: 1, ids: ['ok-0', 'ok-1', 'ok-2', 'new'] });
    expect(got.features.data.subarray(0, cached.features.data.length)).toEqual(cached.features.data);
  });

  it('an output the image graph lacks is a usage error naming the ones it has', () => {
    expect(() => streamImageFeatures(runtime, dataset(samples), { outputs: ['nope'] })).toThrow(/--feature-output nope: the image graph has no such float output \(available: /);
  });
});
