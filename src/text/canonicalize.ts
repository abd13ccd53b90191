import { collapseWhitespace, pythonStrip } from './clean.js';
import { fixText } from './ftfy.js';
import { htmlUnescape } from './html-unescape.js';

/** Python's `string.punctuation`: the 32 ASCII punctuation characters. */
export const ASCII_PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';

const PUNCTUATION = new RegExp(`[${ASCII_PUNCTUATION.replace(/[\\\]^-]/g, '\\$&')}]`, 'g');

/** `text.translate(str.maketrans("", "", string.punctuation))` */
export function removeAsciiPunctuation(text: string): string {
  return text.replace(PUNCTUATION, '');
}

/**
 * SiglipTokenizer.canonicalize_text (transformers, after big_vision's prompt_engineering.py): punctuation
 * removed, `\s+` folded to one space, stripped. It does not lower-case; SiglipTokenizer does that before.
 */
export function canonicalizeSiglip(text: string): string {
  return collapseWhitespace(removeAsciiPunctuation(text));
}

/**
 * open_clip's `canonicalize_text(basic_clean(text))` (open_clip/tokenizer.py), its cleaning for SigLIP and
 * SigLIP 2: ftfy.fix_text (the subset in ftfy.ts), HTML unescaped twice, stripped; then `_` to a space,
 * punctuation removed, the whole text lower-cased, whitespace folded and stripped.
 */
export function canonicalizeOpenClip(text: string): string {
  const basic = pythonStrip(htmlUnescape(htmlUnescape(fixText(text))));
  return collapseWhitespace(removeAsciiPunctuation(basic.replaceAll('_', ' ')).toLowerCase());
}
