/**
 * Names: joining vendors' icon names to Unicode code points, and turning CLDR labels into class names.
 */

/** Code point sequence in lower-case hex joined by '-', without variation selectors (FE0F/FE0E differ between sources). */
export function normalizeHex(hexcode: string): string {
  return hexcode
    .toLowerCase()
    .split(/[-_ ]/)
    .filter((cp) => cp.length > 0 && cp !== 'fe0f' && cp !== 'fe0e')
    .join('-');
}

// Words that vendors add or drop around the same name ("flag for Japan", "flag: Japan", "japanflag").
const STOP_WORDS: ReadonlySet<string> = new Set(['a', 'an', 'and', 'the', 'of', 'for', 'with', 'flag']);

/**
 * A matching key: accents stripped, lower-case, separators removed ("Côte d’Ivoire" and "cote-divoire" agree).
 * `loose` also drops stop words, for sets whose names add "for"/"with" to the CLDR name.
 */
export function nameKey(name: string, loose = false): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !(loose && STOP_WORDS.has(w)))
    .join('');
}

/**
 * The class name a prompt template receives: typographic apostrophes straightened (the tokenizer's ftfy
 * step does the same) and "flag: Japan" read as "flag of Japan".
 */
export function classnameFromLabel(label: string): string {
  const plain = label.replace(/[’‘]/g, "'").replace(/[“”]/g, '"');
  const flag = /^flag: (.+)$/.exec(plain);
  return flag ? `flag of ${flag[1]}` : plain;
}

/** A file-system-safe slug for folder names ("flag: Côte d’Ivoire" -> "flag-cote-d-ivoire"). */
export function slug(text: string): string {
  const s = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return s.length > 0 ? s : 'x';
}
