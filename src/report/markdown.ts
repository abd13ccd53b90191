import type { ReportDocument, ReportTable } from './document.js';
import { formatCell, isNumericFormat } from './format.js';

/**
 * Text from outside (run, folder, class and group names, paths, JSON fields) put into Markdown prose or a
 * heading: shown as written, never read as Markdown or HTML. `<`, `>` and `&` become entities (so no raw
 * HTML, comment or autolink can start), Markdown punctuation is backslash-escaped, line breaks become spaces
 * (so a name cannot start a heading or a list of its own).
 */
export function escapeMarkdownText(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/[\\`*_{}[\]()#!|~]/g, (c) => `\\${c}`)
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/^([-+=])/, '\\$1');
}

/** Text from outside as an inline code span: a backtick fence longer than any run of backticks inside. */
export function markdownCode(text: string): string {
  const flat = text.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...[...flat.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}

/** An HTML comment that marks a place in the Markdown; nothing in `text` can end it early. */
export function markdownComment(text: string): string {
  return `<!-- ${text.replace(/\r?\n|\r/g, ' ').replace(/-{2,}/g, '-').replace(/[<>]/g, '_').replace(/-$/, '-_')} -->`;
}

/** A table cell or title: `|` escaped (it would end the cell), no raw HTML, one line. */
const escapeCell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replace(/\r?\n|\r/g, ' ');

/** A GitHub-flavoured Markdown table; numbers right-aligned, missing values marked. */
export function markdownTable(table: ReportTable): string {
  const head = `| ${table.columns.map((c) => escapeCell(c.title)).join(' | ')} |`;
  const rule = `| ${table.columns.map((c) => (isNumericFormat(c.format) ? '---:' : ':---')).join(' | ')} |`;
  const body = table.rows.map((row) => `| ${table.columns.map((c) => escapeCell(formatCell(row[c.key], c))).join(' | ')} |`);
  return [head, rule, ...body].join('\n');
}

/** The report as Markdown; each figure is the PNG at `figurePath(id)` (relative to the report). */
export function renderMarkdown(doc: ReportDocument, figurePath: (id: string) => string): string {
  const parts = [`# ${doc.title}`];
  for (const section of doc.sections) {
    switch (section.kind) {
      case 'markdown':
        parts.push(section.markdown.trim());
        break;
      case 'table':
        parts.push([section.title ? `**${escapeMarkdownText(section.title)}**\n` : '', markdownTable(section.table), section.caption ? `\n*${escapeMarkdownText(section.caption)}*` : ''].join('\n').trim());
        break;
      case 'figure':
        parts.push([`**${escapeMarkdownText(section.title)}**`, '', `![${escapeMarkdownText(section.title)}](${figurePath(section.id)})`, section.caption ? `\n*${escapeMarkdownText(section.caption)}*` : ''].join('\n').trim());
        break;
      default: {
        const never: never = section;
        throw new Error(`unknown section ${JSON.stringify(never)}`);
      }
    }
  }
  return parts.join('\n\n') + '\n';
}
