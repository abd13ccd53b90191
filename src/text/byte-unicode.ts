/**
 * The byte-level alphabet of GPT-2/CLIP BPE: every byte gets a printable character, so that BPE runs
 * on strings with no whitespace or control characters. Printable Latin-1 bytes ('!'..'~', '¡'..'¬',
 * '®'..'ÿ') stand for themselves; the other 68 bytes take U+0100 onwards, in byte order.
 */
function isPrintableByte(b: number): boolean {
  return (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
}

function buildByteEncoder(): string[] {
  const encoder: string[] = [];
  let next = 0x100;
  for (let b = 0; b < 256; b++) encoder.push(String.fromCodePoint(isPrintableByte(b) ? b : next++));
  return encoder;
}

/** BYTE_TO_CHAR[b] is the character that stands for byte b. */
export const BYTE_TO_CHAR: readonly string[] = buildByteEncoder();

/**
 * The 256 characters in the order OpenAI's vocabulary lists them (the first 256 ids): the printable
 * bytes first, then the remapped ones.
 */
export const BYTE_ALPHABET: readonly string[] = [
  ...BYTE_TO_CHAR.filter((_, b) => isPrintableByte(b)),
  ...BYTE_TO_CHAR.filter((_, b) => !isPrintableByte(b)),
];

const utf8 = new TextEncoder();

/** A piece of text as the byte-level characters of its UTF-8 bytes. */
export function toByteChars(text: string): string {
  let out = '';
  for (const b of utf8.encode(text)) out += BYTE_TO_CHAR[b]!;
  return out;
}
