import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ClipEvalError } from '../core/errors.js';
import { writeFileAtomic, writeJsonAtomic } from '../core/fs.js';
import { HARNESS_VERSION } from '../core/version.js';
import type { ReportDocument, ReportSection } from './document.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import { renderPng, renderSvg } from './render.js';

/** File names of a rendered report inside its folder. */
export const REPORT_FILES = {
  markdown: 'report.md',
  html: 'report.html',
  /** The document as data, so `clip-eval report` can re-render it or gather it into a parent folder's report. */
  sections: 'report-sections.json',
  figures: 'figures',
} as const;

export interface WriteReportOptions {
  /** Also save the document as report-sections.json (tasks do; `clip-eval report` does not). Default true. */
  readonly saveSections?: boolean;
  /** PNG resolution relative to the SVG (default 2). */
  readonly pngScale?: number;
}

export interface WrittenReport {
  readonly markdown: string;
  readonly html: string;
  /** Per figure id: the written PNG path. */
  readonly pngs: ReadonlyMap<string, string>;
}

const FIGURE_ID = /^[A-Za-z0-9_-]+$/;

function checkFigureIds(sections: readonly ReportSection[]): void {
  const seen = new Set<string>();
  for (const s of sections) {
    if (s.kind !== 'figure') continue;
    if (!FIGURE_ID.test(s.id)) throw new ClipEvalError('INPUT', `figure id '${s.id}' must use only letters, digits, - and _ (it names files)`);
    if (seen.has(s.id)) throw new ClipEvalError('INPUT', `two figures share the id '${s.id}'; give each figure its own id`);
    seen.add(s.id);
  }
}

/**
 * Writes `dir/report.md` (figures as PNG), `dir/report.html` (self-contained, figures as inline SVG) and
 * `dir/figures/<id>.{vl.json,svg,png}` for every figure section.
 */
export async function writeReport(dir: string, doc: ReportDocument, options: WriteReportOptions = {}): Promise<WrittenReport> {
  checkFigureIds(doc.sections);
  const figuresDir = join(dir, REPORT_FILES.figures);
  await mkdir(figuresDir, { recursive: true });
  const svgs = new Map<string, string>();
  const pngs = new Map<string, string>();
  for (const section of doc.sections) {
    if (section.kind !== 'figure') continue;
    const svg = await renderSvg(section.spec, `figure '${section.id}'`);
    const base = join(figuresDir, section.id);
    await writeFile(`${base}.vl.json`, JSON.stringify(section.spec) + '\n');
    await writeFile(`${base}.svg`, svg);
    await writeFile(`${base}.png`, await renderPng(svg, options.pngScale ?? 2));
    svgs.set(section.id, svg);
    pngs.set(section.id, `${base}.png`);
  }
  const markdown = join(dir, REPORT_FILES.markdown);
  const html = join(dir, REPORT_FILES.html);
  await writeFileAtomic(markdown, renderMarkdown(doc, (id) => `${REPORT_FILES.figures}/${id}.png`));
  await writeFileAtomic(html, renderHtml(doc, svgs, `clip-eval ${HARNESS_VERSION} · ${new Date().toISOString()}`));
  if (options.saveSections ?? true) await writeJsonAtomic(join(dir, REPORT_FILES.sections), doc);
  return { markdown, html, pngs };
}

const SECTION_KINDS = new Set<ReportSection['kind']>(['markdown', 'table', 'figure']);

/** The saved document of a folder, or null when it has none. */
export async function readReportSections(dir: string): Promise<ReportDocument | null> {
  const path = join(dir, REPORT_FILES.sections);
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new ClipEvalError('INPUT', `${path} is not readable JSON: ${(error as Error).message}; delete it and rerun the task that wrote it`);
  }
  const doc = value as Partial<ReportDocument>;
  if (typeof doc.title !== 'string' || !Array.isArray(doc.sections) || !doc.sections.every((s) => SECTION_KINDS.has((s as ReportSection)?.kind))) {
    throw new ClipEvalError('INPUT', `${path} is not a report document ({title, sections: [{kind: markdown|table|figure, ...}]})`);
  }
  return doc as ReportDocument;
}
