import { ClipEvalError } from '../core/errors.js';

/**
 * The parts of a SentencePiece `.model` file (a serialized `ModelProto`, sentencepiece_model.proto) that
 * clip-eval needs beside the encoder itself: the pieces with their types, the model type, the special
 * ids and the normalizer flags. Read with a small protobuf wire-format reader; fields not listed are
 * skipped.
 */
export interface SentencePieceModel {
  readonly pieces: readonly { readonly piece: string; readonly type: PieceType }[];
  readonly modelType: 'unigram' | 'bpe' | 'word' | 'char';
  /** trainer_spec ids: -1 where the model has none. */
  readonly unkId: number;
  readonly bosId: number;
  readonly eosId: number;
  readonly padId: number;
  readonly byteFallback: boolean;
  readonly addDummyPrefix: boolean;
}

/** SentencePiece.Type in sentencepiece_model.proto. */
export type PieceType = 'normal' | 'unknown' | 'control' | 'user-defined' | 'unused' | 'byte';

const PIECE_TYPES: Record<number, PieceType> = { 1: 'normal', 2: 'unknown', 3: 'control', 4: 'user-defined', 5: 'unused', 6: 'byte' };
const MODEL_TYPES: Record<number, SentencePieceModel['modelType']> = { 1: 'unigram', 2: 'bpe', 3: 'word', 4: 'char' };

/** A field of a protobuf message: varints as bigint (int32 -1 is ten bytes), the rest as bytes. */
type Field = { readonly number: number; readonly varint: bigint } | { readonly number: number; readonly bytes: Uint8Array };

class WireError extends Error {}

function* fields(bytes: Uint8Array): Generator<Field> {
  let at = 0;
  const varint = (): bigint => {
    let value = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (at >= bytes.length) throw new WireError('a varint runs past the end');
      const byte = bytes[at++]!;
      value |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return value;
    }
    throw new WireError('a varint is longer than ten bytes');
  };
  const take = (length: number): Uint8Array => {
    if (at + length > bytes.length) throw new WireError('a field runs past the end');
    const out = bytes.subarray(at, at + length);
    at += length;
    return out;
  };
  while (at < bytes.length) {
    const key = Number(varint());
    const number = key >>> 3;
    if (number === 0) throw new WireError('field number 0');
    switch (key & 7) {
      case 0:
        yield { number, varint: varint() };
        break;
      case 1:
        yield { number, bytes: take(8) };
        break;
      case 2:
        yield { number, bytes: take(Number(varint())) };
        break;
      case 5:
        yield { number, bytes: take(4) };
        break;
      default:
        throw new WireError(`wire type ${key & 7}`);
    }
  }
}

const int32 = (field: Field): number => ('varint' in field ? Number(BigInt.asIntN(32, field.varint)) : NaN);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses a `.model` file; anything that is not a SentencePiece model is an error naming `where`. */
export function parseSentencePieceModel(bytes: Uint8Array, where: string): SentencePieceModel {
  const pieces: { piece: string; type: PieceType }[] = [];
  const trainer = { modelType: 1, unkId: 0, bosId: 1, eosId: 2, padId: -1, byteFallback: false };
  let addDummyPrefix = true;
  try {
    for (const field of fields(bytes)) {
      if (field.number === 1 && 'bytes' in field) {
        let piece: string | undefined;
        let type = 1;
        for (const f of fields(field.bytes)) {
          if (f.number === 1 && 'bytes' in f) piece = utf8.decode(f.bytes);
          else if (f.number === 3) type = int32(f);
        }
        const named = PIECE_TYPES[type];
        if (piece === undefined || named === undefined) throw new WireError(`piece ${pieces.length} has no text or an unknown type ${type}`);
        pieces.push({ piece, type: named });
      } else if (field.number === 2 && 'bytes' in field) {
        for (const f of fields(field.bytes)) {
          if (f.number === 3) trainer.modelType = int32(f);
          else if (f.number === 35) trainer.byteFallback = int32(f) !== 0;
          else if (f.number === 40) trainer.unkId = int32(f);
          else if (f.number === 41) trainer.bosId = int32(f);
          else if (f.number === 42) trainer.eosId = int32(f);
          else if (f.number === 43) trainer.padId = int32(f);
        }
      } else if (field.number === 3 && 'bytes' in field) {
        for (const f of fields(field.bytes)) if (f.number === 3) addDummyPrefix = int32(f) !== 0;
      }
    }
  } catch (error) {
    if (!(error instanceof WireError) && !(error instanceof TypeError)) throw error;
    throw new ClipEvalError('TOKENIZER', `${where} is not a SentencePiece model (${error.message}); expected a serialized ModelProto such as spiece.model`);
  }
  const modelType = MODEL_TYPES[trainer.modelType];
  if (pieces.length === 0 || modelType === undefined) {
    throw new ClipEvalError('TOKENIZER', `${where} is not a SentencePiece model (${pieces.length === 0 ? 'no pieces' : `model type ${trainer.modelType}`}); expected a serialized ModelProto such as spiece.model`);
  }
  const { unkId, bosId, eosId, padId, byteFallback } = trainer;
  return { pieces, modelType, unkId, bosId, eosId, padId, byteFallback, addDummyPrefix };
}

/**
 * The model with `normalizer_spec.add_dummy_prefix = false`, as SiglipTokenizer loads it
 * (`model.normalizer_spec.MergeFrom(NormalizerSpec(add_dummy_prefix=False))`). A message field that occurs
 * twice is merged by protobuf parsers and a scalar's last value wins, so appending one more
 * normalizer_spec (field 3) holding only add_dummy_prefix (its field 3) = 0 is that merge.
 */
export function withoutDummyPrefix(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes.length + 4);
  out.set(bytes);
  out.set([0x1a, 0x02, 0x18, 0x00], bytes.length);
  return out;
}
