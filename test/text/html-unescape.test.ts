import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { htmlUnescape } from '../../src/text/html-unescape.js';

// Golden values from CPython's html.unescape, made by tools/make_text_oracle.py.
interface Oracle {
  unescape: [string, string][];
  entities: { names: string[]; asWritten: string; suffixed: string };
}
const oracle = JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/python-text.json'), 'utf8')) as Oracle;

describe('htmlUnescape (Python html.unescape)', () => {
  it.each([
    ['&copy 2023 ACME', '\u00a9 2023 ACME'],
    ['&ampersand', '&ersand'],
    ['&notin', '\u00acin'],
    ['&notin;', '\u2209'],
    ['Tom &amp Jerry', 'Tom & Jerry'],
    ['&#x80;', '\u20ac'],
    ['&#0;', '\ufffd'],
    ['&#1;x', 'x'],
    ['&#xD800;', '\ufffd'],
    ['&#x110000;', '\ufffd'],
    ['&#65;&#x42;C', 'ABC'],
    ['&#128512; grin', '\u{1f600} grin'],
    ['&nosuch; & &;', '&nosuch; & &;'],
    ['&amp;quot;', '&quot;'],
  ])('%j -> %j', (input, expected) => {
    expect(htmlUnescape(input)).toBe(expected);
  });

  it('matches CPython on every numeric and named edge case of the oracle', () => {
    const mismatches = oracle.unescape.filter(([input, expected]) => htmlUnescape(input) !== expected);
    expect(mismatches).toEqual([]);
    expect(oracle.unescape.length).toBeGreaterThan(800);
  });

  it("knows every name of Python's HTML5 table, with and without ';'", () => {
    const { names, asWritten, suffixed } = oracle.entities;
    expect(names.length).toBe(2231);
    expect(htmlUnescape(names.map((n) => `&${n}`).join(' '))).toBe(asWritten);
    expect(htmlUnescape(names.map((n) => `&${n.replace(/;$/, '')}q`).join(' '))).toBe(suffixed);
  });

  it('returns text without & untouched', () => {
    const text = 'no references here; a < b > c';
    expect(htmlUnescape(text)).toBe(text);
  });
});
