#!/usr/bin/env node
// Screenshots of a report as a browser draws it, to look at the figures rather than only validate their specs:
// the whole page (cut into slices of --height pixels) and each inline figure on its own.
// Needs a headless Chromium (Debian: apt-get install -y chromium); no test depends on it.
// Usage: node tools/report-screenshots.mjs REPORT.html [OUT_DIR (default: screenshots/ beside the report)]
//        [--width 1200] [--height 4000] [--chromium /usr/bin/chromium]
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { width: { type: 'string', default: '1200' }, height: { type: 'string', default: '4000' }, chromium: { type: 'string', default: process.env.CHROMIUM ?? '/usr/bin/chromium' } },
});
const [reportArg, outArg] = positionals;
if (!reportArg) {
  console.error('usage: node tools/report-screenshots.mjs REPORT.html [OUT_DIR] [--width 1200] [--height 4000] [--chromium PATH]');
  process.exit(2);
}
const width = Number(flags.width);
const sliceHeight = Number(flags.height);
if (!(Number.isInteger(width) && width > 0 && Number.isInteger(sliceHeight) && sliceHeight > 0)) {
  console.error(`--width and --height must be positive integers, got ${flags.width} and ${flags.height}`);
  process.exit(2);
}
const report = resolve(reportArg);
const out = resolve(outArg ?? join(dirname(report), 'screenshots'));
mkdirSync(out, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), 'report-screenshots-'));
const html = readFileSync(report, 'utf8');
// Copies of the page live in the scratch folder; <base> keeps the report's relative links working.
const base = `<base href="${pathToFileURL(dirname(report)).href}/">`;

function chromium(args) {
  const profile = mkdtempSync(join(scratch, 'profile-'));
  return execFileSync(
    flags.chromium,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--hide-scrollbars', `--user-data-dir=${profile}`, ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 },
  );
}

/** The page with `extra` injected at the start of <head> (or of the document). */
function variant(name, extra) {
  const page = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => `${m}${extra}`) : `${extra}${html}`;
  const path = join(scratch, name);
  writeFileSync(path, page);
  return pathToFileURL(path).href;
}

function screenshot(url, file, w, h) {
  chromium([`--window-size=${w},${h}`, `--screenshot=${file}`, '--virtual-time-budget=5000', url]);
  console.log(file);
}

try {
  // The page's height, as laid out at this width: a script writes it into the DOM that --dump-dom prints.
  const probe = variant(
    'probe.html',
    `${base}<script>addEventListener('load', () => document.documentElement.setAttribute('data-page-height', String(document.documentElement.scrollHeight)));</script>`,
  );
  const dom = chromium([`--window-size=${width},800`, '--virtual-time-budget=5000', '--dump-dom', probe]);
  const height = Number(/data-page-height="(\d+)"/.exec(dom)?.[1] ?? sliceHeight);
  const slices = Math.max(1, Math.ceil(height / sliceHeight));
  for (let i = 0; i < slices; i++) {
    // Each slice is the page shifted up by the slices before it.
    const url = variant(`page-${i + 1}.html`, `${base}<style>html { overflow: hidden; } body { position: relative; top: -${i * sliceHeight}px; }</style>`);
    screenshot(url, join(out, `page-${String(i + 1).padStart(2, '0')}.png`), width, Math.min(sliceHeight, height - i * sliceHeight));
  }
  // Each figure alone at its own size: the inline SVG as the browser draws it.
  const figures = [...html.matchAll(/<figure id="([^"]+)"[^>]*>\s*(<svg[\s\S]*?<\/svg>)/g)];
  for (const [, id, svg] of figures) {
    const w = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? width);
    const h = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1] ?? 600);
    const path = join(scratch, `${id}.html`);
    writeFileSync(path, `<!DOCTYPE html><html><head><meta charset="utf-8">${base}<style>html, body { margin: 0; background: white; }</style></head><body>${svg}</body></html>`);
    screenshot(pathToFileURL(path).href, join(out, `${id}.png`), Math.ceil(w), Math.ceil(h));
  }
  console.log(`${slices} page slice(s) of ${width}x${sliceHeight} (page ${height} px tall) and ${figures.length} figure(s) in ${out}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
