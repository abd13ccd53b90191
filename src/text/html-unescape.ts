import { characterEntities } from 'character-entities';
import { characterEntitiesLegacy } from 'character-entities-legacy';
import { c1AsWindows1252 } from './windows-1252.js';

/**
 * Python's `html.unescape`, rule for rule, because CLIP's tokenizer runs it (twice) on every text:
 * - named references from the HTML5 table; the legacy names (`&amp`, `&copy`, `&not`, ...) also
 *   without `;`, matched as the longest legacy prefix (`&ampersand` -> `&ersand`, `&notin` -> `¬in`);
 * - numeric references with or without `;`: U+0000 -> U+FFFD, CR kept, 0x80..0x9F read as
 *   Windows-1252, surrogates and values past U+10FFFF -> U+FFFD, other control characters and
 *   noncharacters dropped.
 * The HTML5 table comes from `character-entities` (names without `;`); `character-entities-legacy`
 * lists the names HTML5 also accepts without `;`.
 */

/** The HTML5 named references: name without `;` -> character(s). */
export const HTML5_ENTITIES: Readonly<Record<string, string>> = characterEntities;

// Python's pattern: a name is 1..32 characters that are not whitespace, `<`, `&`, `#` or `;`.
const CHARREF = /&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)/gu;
const LEGACY = new Set<string>(characterEntitiesLegacy);

export function htmlUnescape(text: string): string {
  return text.includes('&') ? text.replace(CHARREF, (_match, ref: string) => replaceCharref(ref)) : text;
}

/** The character(s) of an HTML5 name written with `;` (`amp;`) or a legacy name without it (`amp`). */
function htmlEntity(name: string): string | undefined {
  const withSemicolon = name.endsWith(';');
  const bare = withSemicolon ? name.slice(0, -1) : name;
  if (!withSemicolon && !LEGACY.has(bare)) return undefined;
  return Object.hasOwn(HTML5_ENTITIES, bare) ? HTML5_ENTITIES[bare] : undefined;
}

function replaceCharref(ref: string): string {
  if (ref.startsWith('#')) {
    const hex = ref[1] === 'x' || ref[1] === 'X';
    const digits = ref.slice(hex ? 2 : 1).replace(/;$/, '');
    return numericCharref(Number.parseInt(digits, hex ? 16 : 10));
  }
  const whole = htmlEntity(ref);
  if (whole !== undefined) return whole;
  // Longest legacy prefix of at least two characters; the rest of the name stays as text.
  for (let end = ref.length - 1; end > 1; end--) {
    const prefix = htmlEntity(ref.slice(0, end));
    if (prefix !== undefined) return prefix + ref.slice(end);
  }
  return '&' + ref;
}

function numericCharref(codePoint: number): string {
  if (codePoint === 0) return '\ufffd';
  if (codePoint === 0x0d) return '\r';
  if (codePoint >= 0x80 && codePoint <= 0x9f) return c1AsWindows1252(codePoint);
  if ((codePoint >= 0xd800 && codePoint <= 0xdfff) || codePoint > 0x10ffff) return '\ufffd';
  if (isDroppedCodePoint(codePoint)) return '';
  return String.fromCodePoint(codePoint);
}

/** Python's `_invalid_codepoints`: C0/C1 controls other than whitespace, and the noncharacters. */
function isDroppedCodePoint(cp: number): boolean {
  return (
    (cp >= 0x01 && cp <= 0x08) ||
    cp === 0x0b ||
    (cp >= 0x0e && cp <= 0x1f) ||
    (cp >= 0x7f && cp <= 0x9f) ||
    (cp >= 0xfdd0 && cp <= 0xfdef) ||
    (cp & 0xfffe) === 0xfffe
  );
}
