import { fixText } from './ftfy.js';
import { htmlUnescape } from './html-unescape.js';

/**
 * Python's whitespace (`str.isspace`, which is also what `re`'s `\s` and `str.strip` use). It differs
 * from JavaScript's `\s`: it has U+001C..U+001F and U+0085, and not U+FEFF.
 */
export const PYTHON_WHITESPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';

const WHITESPACE_RUN = new RegExp(`[${PYTHON_WHITESPACE}]+`, 'g');
const EDGE_SPACE = /^ | $/g;

/** Every run of whitespace becomes one space, and none is left at either end. */
export function collapseWhitespace(text: string): string {
  return text.replace(WHITESPACE_RUN, ' ').replace(EDGE_SPACE, '');
}

/**
 * CLIP's text cleaning: `ftfy.fix_text` (the subset in ftfy.ts), `html.unescape` twice, whitespace
 * folded and stripped, then the whole text lower-cased at once. Lower-casing the whole string is what
 * makes it agree with Python's `str.lower()` (a final capital sigma becomes `ς` only in context).
 */
export function cleanText(text: string): string {
  return collapseWhitespace(htmlUnescape(htmlUnescape(fixText(text)))).toLowerCase();
}

const LEADING_SPACE = new RegExp(`^[${PYTHON_WHITESPACE}]+`);
const TRAILING_SPACE = new RegExp(`[${PYTHON_WHITESPACE}]+$`);

/** Python's `str.lstrip()` / `str.rstrip()` / `str.strip()` with no argument (JavaScript's trim differs, see above). */
export const pythonLstrip = (text: string): string => text.replace(LEADING_SPACE, '');
export const pythonRstrip = (text: string): string => text.replace(TRAILING_SPACE, '');
export const pythonStrip = (text: string): string => pythonRstrip(pythonLstrip(text));
