import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ClipEvalError } from '../../src/core/errors.js';
import { loadSentencePiece } from '../../src/text/sentencepiece.js';
import { parseSentencePieceModel, withoutDummyPrefix } from '../../src/text/sentencepiece-model.js';

// Pieces and ids from python3-sentencepiece for the three .model fixtures, as shipped and with the dummy
// prefix disabled (tools/make-tokenizer-fixtures.py).
const FIXTURES = join(import.meta.dirname, 'fixtures/tokenizers');
const golden = JSON.parse(readFileSync(join(FIXTURES, 'sentencepiece.json'), 'utf8')) as {
  texts: string[];
  models: Record<string, [string[], number[]][]>;
};

describe('SentencePiece (WebAssembly build of the C++ library) against python3-sentencepiece', () => {
  it.each(Object.keys(golden.models))('%s: same pieces and ids for every text', async (label) => {
    const [file, variant] = label.split(' (') as [string, string];
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, file)));
    const encoder = await loadSentencePiece(variant.startsWith('no dummy') ? withoutDummyPrefix(bytes) : bytes, file);
    const got = golden.texts.map((text) => [encoder.encodePieces(text), encoder.encodeIds(text)]);
    const differ = golden.texts.filter((_, i) => JSON.stringify(got[i]) !== JSON.stringify(golden.models[label]![i]));
    expect(differ).toEqual([]);
    expect(golden.texts.length).toBeGreaterThan(50);
  });

  it('reads the pieces, types and special ids of a model file', () => {
    const model = parseSentencePieceModel(new Uint8Array(readFileSync(join(FIXTURES, 'gemma/tokenizer.model'))), 'tokenizer.model');
    expect(model.modelType).toBe('bpe');
    expect(model.pieces.length).toBe(700);
    expect(model.pieces.slice(0, 5)).toEqual([
      { piece: '<pad>', type: 'control' },
      { piece: '<eos>', type: 'control' },
      { piece: '<bos>', type: 'control' },
      { piece: '<unk>', type: 'unknown' },
      { piece: '<mask>', type: 'user-defined' },
    ]);
    expect(model.pieces.filter((p) => p.type === 'byte').length).toBe(256);
    expect([model.padId, model.eosId, model.bosId, model.unkId, model.byteFallback, model.addDummyPrefix]).toEqual([0, 1, 2, 3, true, false]);
    const xlmr = parseSentencePieceModel(new Uint8Array(readFileSync(join(FIXTURES, 'xlmr/sentencepiece.bpe.model'))), 'x');
    expect([xlmr.modelType, xlmr.unkId, xlmr.bosId, xlmr.eosId, xlmr.padId, xlmr.addDummyPrefix]).toEqual(['unigram', 0, 1, 2, -1, true]);
  });

  it('sees the dummy prefix disabled after the appended normalizer_spec', () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, 'siglip/spiece.model')));
    expect(parseSentencePieceModel(bytes, 'a').addDummyPrefix).toBe(true);
    expect(parseSentencePieceModel(withoutDummyPrefix(bytes), 'a').addDummyPrefix).toBe(false);
  });

  it('names the file when the bytes are not a SentencePiece model', async () => {
    for (const bytes of [new TextEncoder().encode('{"model": {}}'), new Uint8Array([0x0a, 0x05, 0x01]), new Uint8Array()]) {
      const error = (() => {
        try {
          parseSentencePieceModel(bytes, 'folder/spiece.model');
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(ClipEvalError);
      expect((error as Error).message).toMatch(/^folder\/spiece\.model is not a SentencePiece model \(.*\); expected a serialized ModelProto/);
    }
  });
});
