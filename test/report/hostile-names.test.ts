import { mkdtempSync, rmSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fairnessJob } from '../../src/jobs/fairness.js';
import { reportFolder } from '../../src/report/folder.js';
import { renderHtml } from '../../src/report/html.js';
import { escapeMarkdownText, markdownCode, markdownComment, renderMarkdown } from '../../src/report/markdown.js';
import { recordResult } from '../../src/results/store.js';
import { RESULT_SCHEMA, type ResultRow } from '../../src/results/result-row.js';

const root = mkdtempSync(join(tmpdir(), 'clip-eval-hostile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const SCRIPT = '<script>alert(1)</script>';
const BREAKOUT = '--><img src=x onerror=alert(2)>';
const LINK = '[click](javascript:alert(3))';

/** What must never appear in a rendered report: a live tag or handler from outside. */
function expectInert(text: string, where: string): void {
  expect(text, where).not.toMatch(/<script/i);
  expect(text, where).not.toMatch(/<img/i);
  expect(text, where).not.toMatch(/href="javascript:/i);
  expect(text, where).not.toMatch(/<b>bold<\/b>/);
}

describe('strings from outside are escaped through the whole report', () => {
  it('escapeMarkdownText, markdownCode and markdownComment keep text inert', () => {
    const html = renderHtml({ title: SCRIPT, sections: [
      { kind: 'markdown', markdown: `### ${escapeMarkdownText(SCRIPT)}\n\n${escapeMarkdownText(LINK)} ${markdownCode('a`b<script>')}` },
      { kind: 'markdown', markdown: markdownComment(BREAKOUT) },
      { kind: 'markdown', markdown: `raw ${SCRIPT} and ${LINK} and <b>bold</b>` },
    ] }, new Map(), SCRIPT);
    expectInert(html, 'html');
    expect(html).toContain('<h3>&lt;script&gt;alert(1)&lt;/script&gt;</h3>');
    expect(markdownComment(BREAKOUT)).not.toMatch(/-->.*-->/);
    const md = renderMarkdown({ title: 't', sections: [{ kind: 'table', title: SCRIPT, table: { columns: [{ key: 'a', title: BREAKOUT, format: 'text' }], rows: [{ a: `${SCRIPT}|x` }] } }] }, (id) => id);
    expect(md).not.toMatch(/<script|<img/i);
  });

  it('a fairness run named <script>, hostile groups and labels, a folder name that closes a comment', async () => {
    const base = join(root, 'reports');
    const runDir = join(root, 'run');
    await mkdir(runDir, { recursive: true });
    const rows = ['index,path,label,pred,correct,top5,race'];
    for (let i = 0; i < 24; i++) {
      const label = i % 2 ? `<b>bold</b>` : 'cat';
      const pred = i % 3 ? label : SCRIPT;
      rows.push(`${i},img${i}.png,${label},${pred},${label === pred ? 1 : 0},${pred},"${i % 4 ? BREAKOUT : SCRIPT}"`);
    }
    await writeFile(join(runDir, 'predictions.csv'), rows.join('\n') + '\n');
    const folder = join(base, BREAKOUT);
    await fairnessJob({ predictions: [`${SCRIPT}=${runDir}`, `${LINK}=${runDir}`], out: folder, resamples: 20 });
    await recordResult(join(base, 'results'), {
      schema: RESULT_SCHEMA, task: 'zeroshot', model: SCRIPT, dataset: BREAKOUT, split: LINK, templates: '<b>bold</b>', n: 1,
      config_hash: 'h', harness_version: '0', time: '2026-01-01T00:00:00.000Z', metrics: { top1: 0.5, top5: null, mean_per_class_recall: null },
    } as ResultRow);
    for (const file of ['report.html', 'report.md']) expectInert(await readFile(join(folder, file), 'utf8'), `fairness ${file}`);
    await writeFile(join(base, 'loose.vl.json'), JSON.stringify({
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json', title: SCRIPT, description: BREAKOUT,
      data: { values: [{ a: 1, u: 'javascript:alert(4)', n: SCRIPT }, { a: 2, u: 'https://example.org/', n: BREAKOUT }] },
      mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'n', type: 'nominal' }, href: { field: 'u' } },
    }));
    await reportFolder(base);
    for (const file of ['report.html', 'report.md']) expectInert(await readFile(join(base, file), 'utf8'), `combined ${file}`);
    const html = await readFile(join(base, 'report.html'), 'utf8');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toMatch(/href="javascript:/i);
    const comments = [...html.matchAll(/<!--([\s\S]*?)-->/g)].map((m) => m[1]!);
    for (const c of comments) expect(c).not.toMatch(/[<>]/);
    for (const dir of [join(folder, 'figures'), join(base, 'figures')]) {
      for (const svg of (await readdir(dir)).filter((f) => f.endsWith('.svg'))) expectInert(await readFile(join(dir, svg), 'utf8'), svg);
    }
  });
});
