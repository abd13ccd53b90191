import { HTML5_ENTITIES, htmlUnescape } from './html-unescape.js';
import { c1AsWindows1252 } from './windows-1252.js';

/**
 * The deterministic part of `ftfy.fix_text` (ftfy 6.x defaults), which OpenAI's `clip.tokenize` runs
 * before anything else. Each pass applies, in ftfy's order: HTML unescape (ftfy's own, stricter
 * variant), C1 controls as Windows-1252, Latin ligatures and digraphs, full/half-width forms,
 * curly quotes, line breaks, lone surrogates, terminal escapes, control characters, NFC; passes
 * repeat until nothing changes. Not covered: mojibake detection and repair (`fix_encoding` and its
 * sub-steps), a heuristic that only acts on text that already looks garbled.
 */
export function fixText(text: string): string {
  if (UNTOUCHED.test(text)) return text;
  // ftfy works line by line and stops unescaping HTML from the first line holding a '<' on
  // (that text is probably HTML); every other fix is local, so two chunks behave like the lines.
  const lt = text.indexOf('<');
  if (lt < 0) return fixSegment(text, true);
  const cut = text.lastIndexOf('\n', lt) + 1;
  return fixSegment(text.slice(0, cut), true) + fixSegment(text.slice(cut), false);
}

// Printable ASCII without '&', plus tab, LF and FF: no fix applies to it (most prompts).
const UNTOUCHED = /^[\t\n\f\x20-\x25\x27-\x7e]*$/;

function fixSegment(text: string, unescape: boolean): string {
  for (;;) {
    const before = text;
    if (unescape) text = ftfyUnescape(text);
    text = text.replace(C1_CONTROL, (ch) => c1AsWindows1252(ch.charCodeAt(0)));
    text = text.replace(LIGATURE, (ch) => LIGATURES[ch]!);
    text = text.replace(WIDE_OR_NARROW, widthFix);
    text = text.replace(SINGLE_QUOTE, "'").replace(DOUBLE_QUOTE, '"');
    text = text.replace(LINE_BREAK, '\n');
    text = text.replace(LONE_SURROGATE, '\ufffd');
    text = text.replace(TERMINAL_ESCAPE, '');
    text = text.replace(CONTROL_CHAR, '');
    text = text.normalize('NFC');
    if (text === before) return text;
  }
}

/** ftfy's unescape: only `&...;` forms, the HTML5 names plus upper-cased Latin ones (`&EACUTE;`). */
export function ftfyUnescape(text: string): string {
  return text.includes('&') ? text.replace(FTFY_ENTITY, unescapeEntity) : text;
}

const FTFY_ENTITY = /&#?[0-9A-Za-z]{1,24};/g;

function unescapeEntity(entity: string): string {
  const named = ftfyEntities().get(entity);
  if (named !== undefined) return named;
  if (!entity.startsWith('&#')) return entity;
  // A numeric reference counts only if the whole of it, `;` included, was decoded.
  const decoded = htmlUnescape(entity);
  return decoded.includes(';') ? entity : decoded;
}

let entityTable: Map<string, string> | undefined;

/** `&name;` for every HTML5 name, plus `&NAME;` for lower-case names whose upper-case form means nothing else. */
function ftfyEntities(): Map<string, string> {
  if (entityTable) return entityTable;
  entityTable = new Map();
  for (const [name, value] of Object.entries(HTML5_ENTITIES)) {
    entityTable.set(`&${name};`, value);
    if (name === name.toLowerCase()) {
      const upper = `&${name.toUpperCase()};`;
      if (htmlUnescape(upper) === upper) entityTable.set(upper, value.toUpperCase());
    }
  }
  return entityTable;
}

const C1_CONTROL = /[\x80-\x9f]/g;

// ftfy's table: Latin typographic ligatures and the legacy digraph letters (ǅ, ǈ, ǋ, ǲ, ...).
const LIGATURES: Readonly<Record<string, string>> = {
  '\u0132': 'IJ', '\u0133': 'ij', '\u0149': '\u02bcn',
  '\u01f1': 'DZ', '\u01f2': 'Dz', '\u01f3': 'dz',
  '\u01c4': 'D\u017d', '\u01c5': 'D\u017e', '\u01c6': 'd\u017e',
  '\u01c7': 'LJ', '\u01c8': 'Lj', '\u01c9': 'lj',
  '\u01ca': 'NJ', '\u01cb': 'Nj', '\u01cc': 'nj',
  '\ufb00': 'ff', '\ufb01': 'fi', '\ufb02': 'fl', '\ufb03': 'ffi', '\ufb04': 'ffl', '\ufb05': '\u017ft', '\ufb06': 'st',
};
const LIGATURE = new RegExp(`[${Object.keys(LIGATURES).join('')}]`, 'g');

// Halfwidth and Fullwidth Forms become their NFKC form; the ideographic space becomes a space.
const WIDE_OR_NARROW = /[\u3000\uff01-\uffef]/g;
function widthFix(ch: string): string {
  return ch === '\u3000' ? ' ' : ch.normalize('NFKC');
}

const SINGLE_QUOTE = /[\u02bc\u2018-\u201b]/g;
const DOUBLE_QUOTE = /[\u201c-\u201f]/g;
const LINE_BREAK = /\r\n|[\r\u2028\u2029\x85]/g;
const LONE_SURROGATE = /\p{Cs}/gu;
// Python's \d is any decimal digit, hence \p{Nd}.
const TERMINAL_ESCAPE = /\x1b\[(?:\p{Nd}|;)*[a-zA-Z]/gu;
// C0 controls other than tab, LF, FF, CR; DEL; deprecated Arabic format controls; BOM; U+FFF9..U+FFFC.
const CONTROL_CHAR = /[\x00-\x08\x0b\x0e-\x1f\x7f\u206a-\u206f\ufeff\ufff9-\ufffc]/g;
