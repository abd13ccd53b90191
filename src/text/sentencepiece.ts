import { SentencePieceProcessor } from '@sctg/sentencepiece-js';
import { ClipEvalError, errorMessage } from '../core/errors.js';

/**
 * The real SentencePiece library (Google's C++ compiled to WebAssembly, `@sctg/sentencepiece-js`), the only
 * module that imports it. It encodes exactly as Python's `sentencepiece` does: normalization from the
 * model's own precompiled charsmap, Unigram or BPE, byte fallback (checked piece by piece against
 * python3-sentencepiece in test/text/sentencepiece.test.ts).
 */
export interface SentencePieceEncoder {
  /** `sp.encode(text, out_type=str)` */
  encodePieces(text: string): string[];
  /** `sp.encode(text)` */
  encodeIds(text: string): number[];
}

/**
 * Loads a serialized model. The library does not report a failed load, so the caller parses the bytes
 * first (parseSentencePieceModel) and a model that still encodes nothing is an error here.
 */
export async function loadSentencePiece(model: Uint8Array, where: string): Promise<SentencePieceEncoder> {
  const processor = new SentencePieceProcessor();
  try {
    await processor.loadFromB64StringModel(Buffer.from(model.buffer, model.byteOffset, model.byteLength).toString('base64'));
  } catch (error) {
    throw new ClipEvalError('TOKENIZER', `SentencePiece cannot load ${where}: ${errorMessage(error)}; expected a SentencePiece model file`);
  }
  const encoder: SentencePieceEncoder = {
    encodePieces: (text) => processor.encodePieces(text),
    encodeIds: (text) => processor.encodeIds(text),
  };
  let probe: string[];
  try {
    probe = encoder.encodePieces('a');
  } catch (error) {
    throw new ClipEvalError('TOKENIZER', `SentencePiece cannot use ${where}: ${errorMessage(error)}; expected a SentencePiece model file`);
  }
  if (probe.length === 0) throw new ClipEvalError('TOKENIZER', `SentencePiece loaded nothing from ${where}; expected a SentencePiece model file`);
  return encoder;
}
