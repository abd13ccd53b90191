import type { ReportDocument, ReportTable } from './document.js';
import { formatCell, isNumericFormat } from './format.js';

const escapeCell = (text: string): string => text.replaceAll('|', '\\|').replace(/\r?\n/g, ' ');

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
        parts.push([section.title ? `**${section.title}**\n` : '', markdownTable(section.table), section.caption ? `\n*${section.caption}*` : ''].join('\n').trim());
        break;
      case 'figure':
        parts.push([`**${section.title}**`, '', `![${section.title}](${figurePath(section.id)})`, section.caption ? `\n*${section.caption}*` : ''].join('\n').trim());
        break;
      default: {
        const never: never = section;
        throw new Error(`unknown section ${JSON.stringify(never)}`);
      }
    }
  }
  return parts.join('\n\n') + '\n';
}
