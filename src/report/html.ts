import { Marked, type Tokens } from 'marked';
import type { ReportDocument, ReportTable } from './document.js';
import { formatCell, isNumericFormat } from './format.js';

export function escapeHtml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;');
}

/** A comment the report's own Markdown writes (markdownComment): nothing inside can end it early. */
const SAFE_COMMENT = /^<!--(?:(?!--)[^<>])*-->\s*$/;
/** Link targets a report may hold: relative paths, anchors, the web and mail. */
const SAFE_HREF = /^(?:[#./]|https?:|mailto:|(?![a-z][a-z0-9+.-]*:)[^\s]*$)/i;

/**
 * Markdown sections are the report's own prose, with every string from outside escaped where it is put in
 * (src/report/markdown.ts); as a second guard this renderer never passes raw HTML through (it is shown as
 * text) except the report's own comments, and drops links to anything but relative paths, http(s) and mail.
 */
const markdown = new Marked({
  gfm: true,
  async: false,
  renderer: {
    html({ text }: Tokens.HTML | Tokens.Tag): string {
      return SAFE_COMMENT.test(text) ? text : escapeHtml(text);
    },
    link(token: Tokens.Link): string | false {
      return SAFE_HREF.test(token.href) ? false : escapeHtml(token.text);
    },
    image(token: Tokens.Image): string | false {
      return SAFE_HREF.test(token.href) ? false : escapeHtml(token.text);
    },
  },
});

/**
 * Links in a figure (a plot spec's `href` channel, from a loose *.vl.json) keep only safe targets (SAFE_HREF).
 * Vega numbers ids inside each SVG from 1 (clip paths, gradients), so two inline figures would share
 * them; prefixing every id and reference with the figure's own id keeps each figure's clipping its own.
 */
export function scopeSvgIds(svg: string, scope: string): string {
  return svg
    .replace(/<\?xml[^>]*>\s*/, '')
    .replace(/\bid="([^"]+)"/g, (_, id: string) => `id="${scope}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${scope}-${id})`)
    .replace(/href="#([^"]+)"/g, (_, id: string) => `href="#${scope}-${id}"`)
    .replace(/\s(?:xlink:)?href="([^"#][^"]*)"/g, (attr: string, href: string) => (SAFE_HREF.test(href.replace(/&#(\d+);/g, (_e, c: string) => String.fromCharCode(Number(c))).trim()) ? attr : ''));
}

function htmlTable(table: ReportTable): string {
  const align = (numeric: boolean) => (numeric ? ' class="num"' : '');
  const head = table.columns.map((c) => `<th${align(isNumericFormat(c.format))}>${escapeHtml(c.title)}</th>`).join('');
  const body = table.rows
    .map((row) => `<tr>${table.columns.map((c) => `<td${align(isNumericFormat(c.format))}>${escapeHtml(formatCell(row[c.key], c))}</td>`).join('')}</tr>`)
    .join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

const STYLE = `
body { font-family: "DejaVu Sans", system-ui, sans-serif; color: #222; max-width: 1180px; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.5; }
h1 { font-size: 1.8rem; border-bottom: 2px solid #ddd; padding-bottom: .3rem; }
h2 { font-size: 1.35rem; margin-top: 2.2rem; border-bottom: 1px solid #eee; }
h3 { font-size: 1.1rem; }
table { border-collapse: collapse; margin: .6rem 0 1.4rem; font-size: .88rem; }
th, td { padding: .25rem .7rem; border-bottom: 1px solid #e4e4e4; text-align: left; }
th { background: #f6f6f6; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tbody tr:hover { background: #fafafa; }
figure { margin: 1rem 0 2rem; }
figure svg { max-width: 100%; height: auto; }
figcaption, .caption { color: #555; font-size: .9rem; }
.title { font-weight: 600; margin-top: 1.2rem; }
code { background: #f3f3f3; padding: 0 .25rem; border-radius: 3px; }
footer { margin-top: 3rem; color: #888; font-size: .8rem; }
`;

/** The report as one self-contained HTML page: inline CSS, inline SVG figures, no scripts, no network. */
export function renderHtml(doc: ReportDocument, svgById: ReadonlyMap<string, string>, footer: string): string {
  const body: string[] = [`<h1>${escapeHtml(doc.title)}</h1>`];
  for (const section of doc.sections) {
    switch (section.kind) {
      case 'markdown':
        body.push(markdown.parse(section.markdown, { async: false }));
        break;
      case 'table':
        if (section.title) body.push(`<div class="title">${escapeHtml(section.title)}</div>`);
        body.push(htmlTable(section.table));
        if (section.caption) body.push(`<div class="caption">${escapeHtml(section.caption)}</div>`);
        break;
      case 'figure': {
        const svg = svgById.get(section.id) ?? '';
        const caption = `<figcaption><strong>${escapeHtml(section.title)}</strong>${section.caption ? ` — ${escapeHtml(section.caption)}` : ''}</figcaption>`;
        body.push(`<figure id="fig-${escapeHtml(section.id)}">\n${scopeSvgIds(svg, `fig-${section.id}`)}\n${caption}\n</figure>`);
        break;
      }
      default: {
        const never: never = section;
        throw new Error(`unknown section ${JSON.stringify(never)}`);
      }
    }
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body.join('\n')}
<footer>${escapeHtml(footer)}</footer>
</body>
</html>
`;
}
