import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openModel } from '../../src/model/clip-model.js';
import { resolveBundle } from '../../src/model/detect.js';
import type { ScoringHead } from '../../src/model/scoring-head.js';
import { FAMILY_MODELS, readGolden, SESSION, type SiglipGolden } from './family-fixtures.js';

const SIGLIP2 = join(FAMILY_MODELS, 'siglip2-tiny');
const golden = readGolden<SiglipGolden>(SIGLIP2);
const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-head-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function headOf(dir: string, headCacheDir: string | undefined): Promise<ScoringHead> {
  const model = await openModel(await resolveBundle(dir), { ...SESSION, headCacheDir });
  try {
    return model.head;
  } finally {
    await model.release();
  }
}

/** A whole second, so that setting it again gives the same mtimeMs (sub-millisecond parts do not survive utimes). */
const WHEN = 1_700_000_000;

/** Overwrites a file with as many zero bytes, at the same mtime: a graph that cannot be read, same size and time. */
function garbleKeepingStat(file: string): void {
  writeFileSync(file, Buffer.alloc(statSync(file).size));
  utimesSync(file, WHEN, WHEN);
}

describe("the combined graph's scoring head, remembered in the cache folder", () => {
  it('is read once per file (path, size, mtime): a later open takes it from the cache, a touched file is read again', async () => {
    const dir = join(tmp, 'model');
    const cache = join(tmp, 'cache');
    cpSync(SIGLIP2, dir, { recursive: true });
    const graph = join(dir, 'onnx', 'model.onnx');
    utimesSync(graph, WHEN, WHEN);
    const first = await headOf(dir, cache);
    expect(first).toMatchObject({ kind: 'sigmoid' });
    expect(first.scale).toBeCloseTo(golden.logit_scale, 3);
    expect(first.bias).toBeCloseTo(golden.logit_bias, 3);
    expect(readdirSync(join(cache, 'scoring-heads'))).toHaveLength(1);

    // With the graph unreadable but its size and mtime unchanged, the head can only come from the cache.
    garbleKeepingStat(graph);
    expect(await headOf(dir, cache)).toEqual(first);
    // Without a cache folder it is read from the graph, which onnxruntime now refuses.
    await expect(headOf(dir, undefined)).rejects.toThrow(/model\.onnx: onnxruntime cannot load it/);

    // A new mtime is a new file: read again, and nothing is remembered for it.
    utimesSync(graph, WHEN + 5, WHEN + 5);
    await expect(headOf(dir, cache)).rejects.toThrow(/model\.onnx: onnxruntime cannot load it/);
    expect(readdirSync(join(cache, 'scoring-heads'))).toHaveLength(1);
  });

  it('an unreadable memo is read past, and overwritten with the graph\'s head', async () => {
    const dir = join(tmp, 'model-2');
    const cache = join(tmp, 'cache-2');
    cpSync(SIGLIP2, dir, { recursive: true });
    await headOf(dir, cache);
    const [memo] = readdirSync(join(cache, 'scoring-heads'));
    writeFileSync(join(cache, 'scoring-heads', memo!), '{"scale": "ten"}');
    const head = await headOf(dir, cache);
    expect(head.scale).toBeCloseTo(golden.logit_scale, 3);
    expect(existsSync(join(cache, 'scoring-heads', memo!))).toBe(true);
    expect(await headOf(dir, cache)).toEqual(head);
  });
});
