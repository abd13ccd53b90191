import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { textFeatureKey, textKeyBundle } from '../../src/features/cache-keys.js';
import { openRuntime } from '../../src/features/runtime.js';
import { embedTexts } from '../../src/features/text-features.js';
import { openModel } from '../../src/model/clip-model.js';
import { resolveBundle } from '../../src/model/detect.js';
import { LOCAL_FIXTURES } from '../helpers/shared.js';

const MODELS = `${LOCAL_FIXTURES}models`;
const SESSION = { threads: 1, device: 'cpu' } as const;
const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-lazy-text-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const TEXTS = ['a photo of a dog.', 'a diagram', 'zebra'];

describe('the text tower opened on first use', () => {
  it('gives the same embeddings, bundle and checks as the eager opening, only later', async () => {
    const bundle = await resolveBundle(join(MODELS, 'hf-fp16'));
    const eager = await openModel(bundle, SESSION);
    const lazy = await openModel(bundle, { ...SESSION, lazyText: true, textSession: { memoryArena: true } });
    try {
      expect([eager.textOpen, lazy.textOpen]).toEqual([true, false]);
      expect(() => lazy.tokenizer).toThrow(/after openText\(\)/);
      expect(() => lazy.io.text).toThrow(/after openText\(\)/);
      expect(lazy.embeddingWidth).toBe(eager.embeddingWidth);
      const [a, b] = [await eager.encodeTexts(TEXTS), await lazy.encodeTexts(TEXTS)];
      expect(lazy.textOpen).toBe(true);
      expect(Buffer.from(b.data.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
      expect(lazy.bundle).toEqual(eager.bundle);
      expect(lazy.io.text).toEqual(eager.io.text);
    } finally {
      await eager.release();
      await lazy.release();
    }
  });

  it('reports a width mismatch when the text tower opens', async () => {
    const lazy = await openModel(await resolveBundle(join(MODELS, 'width-mismatch')), { ...SESSION, lazyText: true });
    try {
      await expect(lazy.encodeTexts(TEXTS)).rejects.toThrow(/image embeddings are 16-d .* text embeddings are 12-d/);
      expect(lazy.textOpen).toBe(false);
    } finally {
      await lazy.release();
    }
  });

  it('a runtime opens the text tower only on a text-cache miss, remembering its output name for the next runtime', async () => {
    const cacheDir = join(tmp, 'cache');
    const first = await openRuntime({ model: join(MODELS, 'hf-fp16'), cacheDir, decodeWorkers: 0, threads: 1 });
    let encoded;
    let key;
    try {
      expect(first.model.textOpen).toBe(false);
      encoded = await embedTexts(first, TEXTS);
      expect(first.model.textOpen).toBe(true);
      key = await textFeatureKey((await first.hashes()).text, first.model.bundle, cacheDir);
    } finally {
      await first.close();
    }
    expect(readdirSync(join(cacheDir, 'text-towers'))).toHaveLength(1);
    const second = await openRuntime({ model: join(MODELS, 'hf-fp16'), cacheDir, decodeWorkers: 0, threads: 1 });
    try {
      const again = await embedTexts(second, TEXTS);
      expect(second.model.textOpen).toBe(false);
      expect(Buffer.from(again.data.buffer).equals(Buffer.from(encoded.data.buffer))).toBe(true);
      const remembered = await textKeyBundle(second.model, cacheDir);
      expect(await textFeatureKey((await second.hashes()).text, remembered, cacheDir)).toEqual(key);
      expect(second.model.textOpen).toBe(false);
    } finally {
      await second.close();
    }
  });

  it('a runtime hashes the text graph from the start unless the command encodes no text', async () => {
    for (const [texts, hashed] of [[true, 2], [false, 1]] as const) {
      const cacheDir = join(tmp, `hash-${texts}`);
      const runtime = await openRuntime({ model: join(MODELS, 'hf-fp16'), cacheDir, decodeWorkers: 0, threads: 1 }, { texts });
      try {
        await runtime.visionHash();
        await expect.poll(() => readdirSync(join(cacheDir, 'file-hashes')).length).toBe(hashed);
        await new Promise((done) => setTimeout(done, 100));
        expect(readdirSync(join(cacheDir, 'file-hashes'))).toHaveLength(hashed);
        expect(runtime.model.textOpen).toBe(false);
      } finally {
        await runtime.close();
      }
    }
  });
});
