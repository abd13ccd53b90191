import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import type { ReportDocument } from '../../src/report/document.js';
import { formatCell, MISSING } from '../../src/report/format.js';
import { scopeSvgIds } from '../../src/report/html.js';
import { foldShapeOpacity, renderSvg } from '../../src/report/render.js';
import { readReportSections, writeReport } from '../../src/report/write-report.js';

const root = mkdtempSync(join(tmpdir(), 'clip-eval-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const bar = { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', data: { values: [{ k: 'a', v: 1 }, { k: 'b', v: 2 }] }, mark: 'bar', encoding: { x: { field: 'k', type: 'nominal' }, y: { field: 'v', type: 'quantitative' } } };

describe('report writer', () => {
  it('formats cells: percentages, points, intervals, p-values; missing and NaN are marked', () => {
    expect(formatCell(0.6333, { format: 'percent' })).toBe('63.3%');
    expect(formatCell(0.021, { format: 'points' })).toBe('+2.1 pp');
    expect(formatCell(-0.0001, { format: 'points' })).toBe('0.0 pp');
    expect(formatCell([0.5, 0.45, 0.55], { format: 'percent-interval' })).toBe('50.0% (45.0–55.0)');
    expect(formatCell(0.00001, { format: 'p-value' })).toBe('<0.001');
    for (const v of [null, undefined, NaN, Infinity, '']) expect(formatCell(v as never, { format: 'percent' })).toBe(MISSING);
    expect(formatCell([NaN, 0, 1], { format: 'percent-interval' })).toBe(MISSING);
  });

  it('writes Markdown with PNGs, self-contained HTML with inline SVGs, and the sections as data', async () => {
    const dir = await mkdtemp(join(root, 'clip-eval-report-'));
    const doc: ReportDocument = {
      title: 'Test report',
      sections: [
        { kind: 'markdown', markdown: '## Part\n\nSome **prose**.' },
        { kind: 'table', title: 'T', table: { columns: [{ key: 'a', title: 'acc', format: 'percent' }, { key: 'b', title: 'name|x', format: 'text' }], rows: [{ a: 0.5, b: 'x' }, { a: null, b: null }] } },
        { kind: 'figure', id: 'bar-1', title: 'Bars', caption: 'two bars', spec: bar },
        { kind: 'figure', id: 'bar-2', title: 'Bars again', spec: bar },
      ],
    };
    const written = await writeReport(dir, doc);
    const md = await readFile(written.markdown, 'utf8');
    expect(md).toContain('![Bars](figures/bar-1.png)');
    expect(md).toContain('| 50.0% | x |');
    expect(md).toContain('| — | — |');
    expect(md).toContain('name\\|x');
    const html = await readFile(written.html, 'utf8');
    expect(html.match(/<svg/g)).toHaveLength(2);
    expect(html).toContain('<strong>prose</strong>');
    expect(html).not.toMatch(/<script|<link|src="http/);
    const png = await sharp(await readFile(join(dir, 'figures', 'bar-1.png'))).metadata();
    expect(png.format).toBe('png');
    expect(png.width).toBeGreaterThan(100);
    expect(await readReportSections(dir)).toEqual(JSON.parse(JSON.stringify(doc)));
    await expect(writeReport(dir, { title: 'x', sections: [doc.sections[2]!, doc.sections[2]!] })).rejects.toThrow(/share the id/);
  });

  it('scopes SVG ids per figure and folds opacity for the rasteriser', async () => {
    const svg = await renderSvg(bar);
    const scoped = scopeSvgIds('<g id="clip1"><rect clip-path="url(#clip1)"/></g>', 'fig-a');
    expect(scoped).toBe('<g id="fig-a-clip1"><rect clip-path="url(#fig-a-clip1)"/></g>');
    expect(svg).toContain('<svg');
    expect(foldShapeOpacity('<line x="1" opacity="0.5" stroke-opacity="0.8"/>')).toBe('<line x="1" stroke-opacity="0.4" fill-opacity="0.5"/>');
  });

  it('refuses specs that would load data from outside', async () => {
    await expect(renderSvg({ ...bar, data: { url: 'https://example.com/data.csv' } })).rejects.toThrow(/carry their data inline/);
  });
});
