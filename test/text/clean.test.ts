import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanText, collapseWhitespace } from '../../src/text/clean.js';

// Golden values from CPython (str.isspace, str.lower), made by tools/make_text_oracle.py.
interface Oracle {
  whitespace: number[];
  lower: [string, string][];
}
const oracle = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/python-text.json'), 'utf8')) as Oracle;

describe('collapseWhitespace', () => {
  it("treats exactly Python's whitespace as whitespace", () => {
    const python = new Set(oracle.whitespace);
    const differ: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if ((collapseWhitespace(String.fromCodePoint(cp)) === '') !== python.has(cp)) differ.push(cp);
    }
    expect(differ).toEqual([]);
  });

  it('folds runs to one space and strips both ends', () => {
    expect(collapseWhitespace('\t two  \n\n spaces \u3000')).toBe('two spaces');
    expect(collapseWhitespace('zero\u200bwidth\ufeff')).toBe('zero\u200bwidth\ufeff');
  });
});

describe('cleanText', () => {
  it("lower-cases the whole text like Python's str.lower()", () => {
    for (const [text, lower] of oracle.lower) expect(text.toLowerCase(), text).toBe(lower);
    expect(cleanText('\u039a\u039f\u03a3\u039c\u039f\u03a3')).toBe('\u03ba\u03bf\u03c3\u03bc\u03bf\u03c2');
    expect(cleanText('\u0130ZM\u0130R')).toBe('i\u0307zmi\u0307r');
  });

  it('runs the ftfy fixes before unescaping twice, folding whitespace and lower-casing', () => {
    expect(cleanText('  Salt &amp;amp; \u201cVinegar\u201d\t\n')).toBe('salt & "vinegar"');
    expect(cleanText('\u01c5EMAL &copy 2023')).toBe('d\u017eemal \u00a9 2023');
    expect(cleanText('&nbsp;&nbsp;indented&#x2003;text ')).toBe('indented text');
    // ftfy keeps entities on a line with '<'; the two html.unescape passes still decode them.
    expect(cleanText('<b>&amp;amp;</b>')).toBe('<b>&</b>');
    expect(cleanText('')).toBe('');
  });
});
