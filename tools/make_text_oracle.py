"""Golden values of the Python text functions CLIP's tokenizer relies on, for test/text.

Writes test/text/fixtures/python-text.json with:
- unescape: [input, html.unescape(input)] for numeric and named-reference edge cases;
- entities: every name of html.entities.html5, and html.unescape of two strings built from them
  (each name as written; each name without ';' followed by 'q', which exercises the longest
  legacy-prefix rule), so the HTML5 table the Node code uses is checked name by name;
- whitespace: the code points for which str.isspace() is true (re's \\s and str.strip agree);
- lower: [text, text.lower()] for strings whose lower-casing depends on context.

Run with a plain CPython 3 (stdlib only): /usr/bin/python3 tools/make_text_oracle.py
"""
import html
import html.entities
import json
import pathlib
import sys

NUMBERS = sorted(
    set(range(0, 0x101))
    | {0x2028, 0xD7FF, 0xD800, 0xDBFF, 0xDC00, 0xDFFF, 0xE000, 0xFDCF, 0xFDD0, 0xFDEF, 0xFDF0, 0xFEFF,
       0xFFFD, 0xFFFE, 0xFFFF, 0x10000, 0x1F600, 0x1FFFE, 0x1FFFF, 0x10FFFD, 0x10FFFE, 0x10FFFF, 0x110000}
)

CASES = [
    "&copy 2023", "&ampersand", "&notin", "&notin;", "&not;in", "&amp", "&AMP", "&AMP;", "&Amp;",
    "salt &amp; vinegar", "&lt;3", "&ltx", "&lt=", "&amp=x", "&;", "& amp;", "&#;", "&#x;", "&#xyz;",
    "&#65", "&#x41", "&#X41;", "&#0000065;", "&#x0000041;", "&#99999999999999999999;", "&#x110000",
    "&Eacute", "&eacute;x", "&eacutex", "&EACUTE;", "&nbsp&nbsp", "&nbsp;&nbsp;indented", "&gtcc;",
    "&amp;amp;", "&amp;quot;double&amp;quot;", "&#128512; grin", "&NotEqualTilde;", "&fjlig;",
    "&ThickSpace;", "&abcdefghijklmnopqrstuvwxyzabcdefghij;", "&ampabcdefghijklmnopqrstuvwxyzabcdefgh",
    "&\u00e9t\u00e9;", "&amp\u00e9", "a&b&c", "&&amp;", "&#38;amp;", "x&#x26;lt;y", "&sup2&sup3;",
]


def main() -> None:
    out = pathlib.Path(__file__).resolve().parent.parent / "test/text/fixtures/python-text.json"
    names = list(html.entities.html5)
    numeric = []
    for n in NUMBERS:
        numeric += [f"&#{n};", f"&#x{n:x}", f"&#X{n:X};z"]
    data = {
        "python": sys.version.split()[0],
        "unescape": [[s, html.unescape(s)] for s in CASES + numeric],
        "entities": {
            "names": names,
            "asWritten": html.unescape(" ".join("&" + k for k in names)),
            "suffixed": html.unescape(" ".join("&" + k.rstrip(";") + "q" for k in names)),
        },
        "whitespace": [c for c in range(0x110000) if chr(c).isspace()],
        "lower": [[s, s.lower()] for s in ["ΚΟΣΜΟΣ", "ΣΑΣ ΛΕΩ", "Σ", "AΣ.", "ΣA", "İZMİR", "STRAẞE", "ǅemal", "ΌΣΟΣ's"]],
    }
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
