/**
 * Seeded, time-bounded fuzzing of every binary and text format reader: truncations, byte flips, zeroed runs
 * and inserted bytes of the committed fixtures. Each mutated input must give a result or a one-line
 * ClipEvalError (a counted skip or a known error) — never another error (an internal bug), a call over
 * CALL_MS, or resident memory beyond RSS_BOUND over the start. A failure prints the seed, the fixture and the
 * mutation, so that `FUZZ_SEED=<seed> npx vitest run test/fuzz` reproduces it. FUZZ_SCALE multiplies the
 * number of mutations (1 in CI: the whole file runs in well under a minute on a 2-core machine).
 */
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDemoConfig } from '../../src/config/demo-config.js';
import { parseCsv } from '../../src/core/csv.js';
import { isClipEvalError } from '../../src/core/errors.js';
import { decodeNpy, encodeNpy } from '../../src/core/npy.js';
import { DEFAULT_PREPROCESS } from '../../src/core/preprocess-config.js';
import { parseIdx } from '../../src/datasets/formats/idx.js';
import { parseMat } from '../../src/datasets/formats/mat.js';
import { unpickle } from '../../src/datasets/formats/pickle.js';
import { decodePnm } from '../../src/datasets/formats/pnm.js';
import { readTarMembers } from '../../src/datasets/formats/tar.js';
import { preprocessImage } from '../../src/image/preprocess.js';
import { createRng as prng } from '../../src/metrics/random.js';
import { readManifest } from '../../src/model/manifest.js';
import { DATASETS } from '../../src/datasets/registry.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261203) >>> 0;
const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
/** The most one call may take (a hang shows as a call over this). */
const CALL_MS = 5000;
/** Resident memory the fuzzing may add over its start (a flipped length must not allocate gigabytes). */
const RSS_BOUND = 512 * 2 ** 20;

const FIXTURES = join(import.meta.dirname, '../fixtures');
const REPO = join(import.meta.dirname, '../..');
const fixture = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));
const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-fuzz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Mutation {
  readonly what: string;
  readonly bytes: Uint8Array;
}

/** One mutation of `input`: truncation, byte flips, a zeroed run, 0xff run, or inserted random bytes. */
function mutate(input: Uint8Array, random: () => number): Mutation {
  const int = (n: number) => Math.floor(random() * n);
  const bytes = new Uint8Array(input);
  switch (int(5)) {
    case 0: {
      const at = int(input.length);
      return { what: `truncate at ${at}`, bytes: bytes.subarray(0, at) };
    }
    case 1: {
      const flips = 1 + int(8);
      const at: number[] = [];
      for (let i = 0; i < flips; i++) {
        const p = int(bytes.length);
        bytes[p] = bytes[p]! ^ (1 + int(255));
        at.push(p);
      }
      return { what: `flip bytes at ${at.join(',')}`, bytes };
    }
    case 2:
    case 3: {
      const at = int(bytes.length);
      const length = 1 + int(Math.min(64, bytes.length - at));
      const value = int(4) === 0 ? 0xff : 0;
      bytes.fill(value, at, at + length);
      return { what: `fill ${length} bytes at ${at} with ${value}`, bytes };
    }
    default: {
      const at = int(bytes.length);
      const extra = Uint8Array.from({ length: 1 + int(16) }, () => int(256));
      const out = new Uint8Array(bytes.length + extra.length);
      out.set(bytes.subarray(0, at));
      out.set(extra, at);
      out.set(bytes.subarray(at), at + extra.length);
      return { what: `insert ${extra.length} bytes at ${at}`, bytes: out };
    }
  }
}

interface Target {
  readonly name: string;
  readonly inputs: readonly { readonly name: string; readonly bytes: Uint8Array }[];
  readonly mutations: number;
  read(bytes: Uint8Array, name: string): unknown;
}

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');
const npyInputs = [
  { name: 'float32.npy', bytes: encodeNpy({ dtype: 'float32', shape: [3, 4], data: Float32Array.from({ length: 12 }, (_, i) => i / 3) }) },
  { name: 'int64.npy', bytes: encodeNpy({ dtype: 'int64', shape: [5], data: BigInt64Array.from([1n, -2n, 3n, 4n, 5n]) }) },
];
const imageConfig = { ...DEFAULT_PREPROCESS, cropSize: 16, resizeSize: 16 };
let fileCounter = 0;

/**
 * A dataset adapter over a copy of its fixture with one file mutated: open, list every sample and skip, and
 * preprocess the first few samples (raw pixels from packed formats are checked there).
 */
function adapterTarget(dataset: keyof typeof DATASETS, fixtureDir: string, file: string, split: string, drop: readonly string[] = []): Target {
  const copy = join(tmp, `dataset-${dataset}-${file.replace(/\W/g, '_')}`);
  cpSync(join(FIXTURES, 'datasets', fixtureDir), copy, { recursive: true });
  for (const d of drop) rmSync(join(copy, d), { recursive: true, force: true });
  return {
    name: `${dataset} adapter (${file})`,
    inputs: [{ name: file, bytes: new Uint8Array(readFileSync(join(copy, file))) }],
    mutations: 150,
    async read(bytes) {
      writeFileSync(join(copy, file), bytes);
      const opened = await DATASETS[dataset].open(copy, { split });
      let n = 0;
      for await (const sample of opened.samples()) {
        if (n++ < 3) await preprocessImage(sample.source, imageConfig);
      }
      return opened.skipped();
    },
  };
}

const TARGETS: readonly Target[] = [
  {
    name: 'IDX',
    inputs: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'].map((f) => ({ name: f, bytes: fixture(`datasets/mnist/${f}`) })),
    mutations: 1500,
    read: (bytes, name) => parseIdx(bytes, name),
  },
  {
    name: 'MAT',
    inputs: ['values.mat', 'values-compressed.mat', 'big-endian.mat', 'v73.mat'].map((f) => ({ name: f, bytes: fixture(`datasets/mat/${f}`) })),
    mutations: 1500,
    read: (bytes, name) => parseMat(bytes, name),
  },
  {
    name: 'pickle',
    inputs: [
      ...['protocol4.pkl', 'py2-style.pkl', 'py3-protocol2.pkl'].map((f) => ({ name: f, bytes: fixture(`datasets/pickle/${f}`) })),
      { name: 'test_batch', bytes: fixture('datasets/cifar10/cifar-10-batches-py/test_batch') },
    ],
    mutations: 1500,
    read: (bytes, name) => unpickle(bytes, name),
  },
  { name: 'npy', inputs: npyInputs, mutations: 1500, read: (bytes, name) => decodeNpy(bytes, name) },
  {
    name: 'PNM',
    inputs: [{ name: '00000.ppm', bytes: fixture('datasets/gtsrb/GTSRB/Final_Test/Images/00000.ppm') }],
    mutations: 1500,
    read: (bytes, name) => decodePnm(bytes, name),
  },
  {
    name: 'CSV',
    inputs: [
      { name: 'GT-00000.csv', bytes: fixture('datasets/gtsrb/GTSRB/Final_Training/Images/00000/GT-00000.csv') },
      { name: 'manifest.csv', bytes: fixture('datasets/csv/manifest.csv') },
    ],
    mutations: 1500,
    read: (bytes, name) => parseCsv(Buffer.from(bytes), name),
  },
  {
    name: 'tar',
    inputs: [{ name: 'shard-000000.tar', bytes: fixture('datasets/wds/test/shard-000000.tar') }],
    mutations: 500,
    async read(bytes) {
      const path = join(tmp, `shard-${fileCounter++}.tar`);
      writeFileSync(path, bytes);
      try {
        for await (const member of readTarMembers(path, 'wds')) void member;
      } finally {
        rmSync(path, { force: true });
      }
    },
  },
  {
    name: 'model manifest',
    inputs: [{ name: 'clip-eval.json', bytes: fixture('models/manifest/clip-eval.json') }],
    mutations: 500,
    async read(bytes) {
      const dir = join(tmp, `model-${fileCounter++}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'clip-eval.json'), bytes);
      for (const f of ['vocab.json', 'merges.txt']) copyFileSync(join(FIXTURES, 'models/manifest', f), join(dir, f));
      try {
        return await readManifest(dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
  {
    name: 'demo config',
    inputs: [{ name: 'demo.json', bytes: new Uint8Array(readFileSync(join(REPO, 'configs/demo.json'))) }],
    mutations: 500,
    async read(bytes) {
      const path = join(tmp, `demo-${fileCounter++}.json`);
      writeFileSync(path, text(bytes));
      try {
        return await loadDemoConfig(path);
      } finally {
        rmSync(path, { force: true });
      }
    },
  },
  {
    name: 'images',
    inputs: ['gray_q85_90x70.jpg', 'palette_trns_70x50.png', 'palette_60x45.gif', 'rgba_lossless_80x60.webp', 'bilevel_50x40.tif', 'rgb16_40x30.png', 'cmyk_40x30.jpg'].map((f) => ({
      name: f,
      bytes: fixture(`image/images/${f}`),
    })),
    mutations: 200,
    read: (bytes, name) => preprocessImage({ kind: 'encoded', bytes, name }, imageConfig),
  },
  adapterTarget('wds', 'wds', 'test/shard-000000.tar', 'test'),
  adapterTarget('mnist', 'mnist', 't10k-images-idx3-ubyte', 'test'),
  adapterTarget('mnist', 'mnist', 't10k-labels-idx1-ubyte', 'test'),
  adapterTarget('cifar10', 'cifar10', 'cifar-10-batches-py/test_batch', 'test'),
  adapterTarget('cifar10', 'cifar10', 'cifar-10-batches-bin/test_batch.bin', 'test', ['cifar-10-batches-py']),
  adapterTarget('svhn', 'svhn', 'test_32x32.mat', 'test'),
  adapterTarget('stl10', 'stl10', 'stl10_binary/test_y.bin', 'test'),
  adapterTarget('fer2013', 'fer2013', 'fer2013.csv', 'test'),
  adapterTarget('flowers102', 'flowers102', 'setid.mat', 'test'),
  adapterTarget('gtsrb', 'gtsrb', 'GT-final_test.csv', 'test'),
];

interface Outcome {
  readonly ok: number;
  readonly known: number;
  readonly failures: string[];
  readonly slowestMs: number;
  /** Largest resident-memory growth over the start, in bytes. */
  readonly peakGrowth: number;
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms (a hang)`)), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function fuzz(target: Target, seed: number, baseRss: number): Promise<Outcome> {
  const random = prng(seed);
  let ok = 0;
  let known = 0;
  let slowestMs = 0;
  let peakGrowth = 0;
  const failures: string[] = [];
  for (const input of target.inputs) {
    for (let i = 0; i < Math.max(1, Math.round(target.mutations * SCALE)); i++) {
      const mutation = mutate(input.bytes, random);
      const where = `${target.name} ${input.name} #${i} (${mutation.what}; FUZZ_SEED=${SEED})`;
      const started = performance.now();
      try {
        await withTimeout(Promise.resolve().then(() => target.read(mutation.bytes, input.name)), CALL_MS);
        ok++;
      } catch (error) {
        if (isClipEvalError(error) && !/[\r\n]/.test(error.message)) known++;
        else if (isClipEvalError(error)) failures.push(`${where}: a ClipEvalError of several lines: ${JSON.stringify(error.message)}`);
        else failures.push(`${where}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      const ms = performance.now() - started;
      slowestMs = Math.max(slowestMs, ms);
      if (ms > CALL_MS) failures.push(`${where}: took ${Math.round(ms)} ms (over ${CALL_MS})`);
      const grown = process.memoryUsage().rss - baseRss;
      peakGrowth = Math.max(peakGrowth, grown);
      if (grown > RSS_BOUND) failures.push(`${where}: resident memory grew by ${Math.round(grown / 2 ** 20)} MiB (over ${RSS_BOUND / 2 ** 20})`);
    }
  }
  return { ok, known, failures, slowestMs, peakGrowth };
}

describe(`format readers under fuzzing (FUZZ_SEED=${SEED})`, () => {
  const baseRss = process.memoryUsage().rss;
  for (const [t, target] of TARGETS.entries()) {
    it(`${target.name}: every mutation gives a result or a one-line ClipEvalError`, async () => {
      const started = performance.now();
      const outcome = await fuzz(target, (SEED + t * 0x9e3779b9) >>> 0, baseRss);
      const runs = outcome.ok + outcome.known;
      console.log(`fuzz ${target.name}: ${runs + outcome.failures.length} mutations, ${outcome.ok} read, ${outcome.known} known errors, ${outcome.failures.length} failures, slowest ${Math.round(outcome.slowestMs)} ms, ${Math.round(performance.now() - started)} ms in all, peak RSS growth ${Math.round(outcome.peakGrowth / 2 ** 20)} MiB`);
      expect(outcome.failures.slice(0, 5)).toEqual([]);
    }, 60_000);
  }
});
