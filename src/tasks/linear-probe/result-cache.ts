import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../core/fs.js';
import { HARNESS_VERSION } from '../../core/version.js';
import type { LinearProbeOptions, LinearProbeResult } from './run.js';
import type { LabelledSplit, NamedSplit } from './validate.js';

/**
 * Probe results kept in the cache folder, keyed by everything a fit depends on: the feature and label bytes
 * of every split, the probe's settings, the harness version and the solver's revision. A rerun over unchanged
 * features (the demo's warm runs, a report rebuilt) reads the result instead of re-running the sweeps, bit for bit the same:
 * weights travel as base64 of their float32 bytes, and non-finite numbers as strings.
 */
const FOLDER = 'linear-probe';
/**
 * The solver's revision, raised whenever its path changes (the same optimum, other last digits): results of an
 * older solver are then fitted again rather than read back. 2: sweep fits start between their fitted neighbours.
 */
const SOLVER_REVISION = 2;

export function probeCacheKey(train: LabelledSplit, tests: readonly NamedSplit[], options: LinearProbeOptions): string {
  const hash = createHash('sha256');
  const add = (split: LabelledSplit, name: string) => {
    hash.update(`${name}\0${split.features.rows}x${split.features.cols}\0`);
    hash.update(new Uint8Array(split.features.data.buffer, split.features.data.byteOffset, split.features.data.byteLength));
    hash.update(new Uint8Array(split.labels.buffer, split.labels.byteOffset, split.labels.byteLength));
  };
  add(train, 'train');
  for (const test of tests) add(test, `test:${test.name}`);
  const { onFit: _progress, ...settings } = options; // progress callbacks do not change the result
  hash.update(JSON.stringify({ settings, harness: HARNESS_VERSION, solver: SOLVER_REVISION }));
  return hash.digest('hex').slice(0, 32);
}

const bytes = (a: Float32Array | Int32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('base64');
const aligned = (b64: string) => Uint8Array.from(Buffer.from(b64, 'base64')).buffer;

function encode(result: LinearProbeResult): string {
  return JSON.stringify(result, (_key, value: unknown) => {
    if (value instanceof Float32Array) return { $f32: bytes(value) };
    if (value instanceof Int32Array) return { $i32: bytes(value) };
    if (typeof value === 'number' && !Number.isFinite(value)) return { $number: String(value) };
    return value;
  });
}

function decode(text: string): LinearProbeResult {
  return JSON.parse(text, (_key, value: unknown) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const o = value as Record<string, unknown>;
      if (typeof o['$f32'] === 'string') return new Float32Array(aligned(o['$f32']));
      if (typeof o['$i32'] === 'string') return new Int32Array(aligned(o['$i32']));
      if (typeof o['$number'] === 'string') return Number(o['$number']);
    }
    return value;
  }) as LinearProbeResult;
}

/** The cached result under `key`, or undefined when there is none or it cannot be read (then the probe is fitted again). */
export async function readCachedProbe(cacheDir: string, key: string): Promise<LinearProbeResult | undefined> {
  try {
    return decode(await readFile(join(cacheDir, FOLDER, `${key}.json`), 'utf8'));
  } catch {
    return undefined;
  }
}

export async function writeCachedProbe(cacheDir: string, key: string, result: LinearProbeResult): Promise<void> {
  await writeFileAtomic(join(cacheDir, FOLDER, `${key}.json`), encode(result));
}
