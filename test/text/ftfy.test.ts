import { describe, expect, it } from 'vitest';
import { fixText, ftfyUnescape } from '../../src/text/ftfy.js';

// Expected values follow ftfy 6.x's documented behaviour (its docstrings and fixer tables).
describe('fixText (ftfy.fix_text subset)', () => {
  it.each([
    ['latin ligatures', '\ufb02u\ufb03e\ufb06', 'fluffiest'],
    ['digraph letters', '\u01c5emal \u01c8ubljana \u01f2ivko \u0133s', 'D\u017eemal Ljubljana Dzivko ijs'],
    ['n-apostrophe digraph, then its apostrophe uncurled', '\u0149', "'n"],
    ['full-width forms and the ideographic space', '\uff2c\uff2f\uff35\uff24\u3000\uff2e\uff2f\uff29\uff33\uff25\uff33', 'LOUD NOISES'],
    ['half-width katakana', '\uff35\uff80\uff70\uff9d', 'U\u30bf\u30fc\u30f3'],
    ['curly quotes', '\u201chere\u2019s a \u2018test\u2019\u201d \u201e\u201f \u02bc', '"here\'s a \'test\'" "" \''],
    ['entities, ellipsis kept', 'Broken text&hellip; it&#x2019;s \ufb02ubberi\ufb01c!', "Broken text\u2026 it's flubberific!"],
    ['upper-cased entities', 'P&EACUTE;REZ BUNDESSTRA&SZLIG;E', 'P\u00c9REZ BUNDESSTRASSE'],
    ['upper-case only where unambiguous', '&ntilde; &Ntilde; &NTILDE; &nTILDE;', '\u00f1 \u00d1 \u00d1 &nTILDE;'],
    ['nested entities until nothing changes', '&amp;amp;amp;lt;', '<'],
    ['entities need their semicolon', 'this&not that &amp x', 'this&not that &amp x'],
    ['C1 controls read as Windows-1252', 'I\x92m done\x85 \x80 \x81', "I'm done\u2026 \u20ac \x81"],
    ['line breaks', 'one\r\ntwo\rthree\u2028four\u2029five', 'one\ntwo\nthree\nfour\nfive'],
    ['terminal escapes', '\x1b[36;44mblue\x1b[0m', 'blue'],
    ['control characters and BOM', '\ufeffParty\x00\x07\x0b\x1f\x7f\u206a\ufffc like\t\f1999', 'Party like\t\f1999'],
    ['lone surrogates', 'a\ud800b\udc00', 'a\ufffdb\ufffd'],
    ['NFC', 'e\u0301 \u304b\u3099', '\u00e9 \u304c'],
  ])('%s', (_name, input, expected) => {
    expect(fixText(input)).toBe(expected);
  });

  it('leaves entities alone from the first line holding a "<" on', () => {
    expect(fixText('<em>HTML entities &lt;3</em>')).toBe('<em>HTML entities &lt;3</em>');
    expect(fixText('a &amp; b\nc &amp; <d>\ne &amp; f')).toBe('a & b\nc &amp; <d>\ne &amp; f');
    // An entity that decodes to '<' does not switch unescaping off.
    expect(fixText('&lt;3 &amp; more')).toBe('<3 & more');
  });

  it('keeps text that needs no fix, including emoji sequences and tag characters', () => {
    for (const text of ['a plain prompt.', '\u{1f469}\u{1f3fe}\u200d\u{1f4bb} \u{1f3f4}\u{e0067}\u{e0062}\u{e0077}\u{e006c}\u{e0073}\u{e007f}', '\u00e9t\u00e9 \u2013 \u00bd']) {
      expect(fixText(text)).toBe(text);
    }
  });

  it('decodes a numeric reference only when its semicolon is part of it', () => {
    expect(ftfyUnescape('&#65;&#x42;&#59;&#1;')).toBe('AB&#59;');
    expect(ftfyUnescape('&#65 &#xZZ;')).toBe('&#65 &#xZZ;');
  });
});
