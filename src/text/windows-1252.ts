/**
 * What the C1 range U+0080..U+009F means when it really was Windows-1252: the table HTML5 uses for
 * numeric references (and so Python's `html.unescape`) and ftfy's "sloppy" Windows-1252. The five
 * bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay as they are. Written out
 * because Node's TextDecoder('windows-1252') drops C1 bytes instead of decoding them.
 */
const C1_AS_WINDOWS_1252 =
  '\u20ac\x81\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\x8d\u017d\x8f' +
  '\x90\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\x9d\u017e\u0178';

/** The Windows-1252 character for a code point in U+0080..U+009F; any other code point is returned unchanged. */
export function c1AsWindows1252(codePoint: number): string {
  return codePoint >= 0x80 && codePoint <= 0x9f ? C1_AS_WINDOWS_1252[codePoint - 0x80]! : String.fromCodePoint(codePoint);
}
