import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ClipEvalError } from '../core/errors.js';
import { CALIBRATION_METRICS, CLASSIFICATION_METRICS, type ClassificationMetricName } from '../metrics/registry.js';
import type { PlotSpec, ReportSection } from './document.js';
import { REPORT_FILES, readReportSections, writeReport, type WrittenReport } from './write-report.js';
import type { ResultRow } from '../results/result-row.js';
import { RESULTS_FILES, readResults, sameRun } from '../results/store.js';
import { resultsTableSection, zeroShotTableSection, type ZeroShotSummary } from './sections/results.js';
import { walkFolders } from '../results/walk.js';
import { markdownComment } from './markdown.js';

const slug = (text: string) => text.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'root';

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

async function zeroShotSummary(dir: string): Promise<ZeroShotSummary | null> {
  let m: Record<string, unknown>;
  try {
    m = JSON.parse(await readFile(join(dir, 'metrics.json'), 'utf8')) as Record<string, unknown>;
  } catch {
    return null;
  }
  if (m.task !== 'zeroshot') return null;
  return {
    model: String(m.model ?? ''),
    dataset: String(m.dataset ?? ''),
    split: String(m.split ?? ''),
    n: numberOrNull(m.n),
    ...(Object.fromEntries(Object.keys(CLASSIFICATION_METRICS).map((name) => [name, numberOrNull(m[name])])) as Record<ClassificationMetricName, number | null>),
    ...Object.fromEntries(Object.keys(CALIBRATION_METRICS).map((name) => [name, numberOrNull(m[name])])),
  };
}

/**
 * The rows by time, each run once (its latest row): a store written before reruns replaced their row may
 * hold a run twice, and a run copied into two folders is one run.
 */
function latestOfEachRun(rows: readonly ResultRow[]): ResultRow[] {
  const sorted = [...rows].sort((a, b) => a.time.localeCompare(b.time));
  return sorted.filter((row, i) => !sorted.slice(i + 1).some((later) => sameRun(row, later)));
}

/** Gives a folder's figures ids unique within a combined report. */
function scoped(sections: readonly ReportSection[], prefix: string): ReportSection[] {
  return sections.map((s) => (s.kind === 'figure' && prefix ? { ...s, id: `${prefix}-${s.id}` } : s));
}

/**
 * Gathers everything reportable at or below `dir`: the saved sections of each task's folder, a table of
 * the results store, zero-shot runs (metrics.json) that recorded no results, and loose `*.vl.json` specs.
 */
export async function collectReport(dir: string): Promise<ReportSection[]> {
  const folders = await walkFolders(dir);
  const sections: ReportSection[] = [];
  const results: ResultRow[] = [];
  const zeroShot: ZeroShotSummary[] = [];
  const loose: ReportSection[] = [];
  for (const { dir: folder, files } of folders) {
    const rel = relative(dir, folder);
    if (files.includes(REPORT_FILES.sections)) {
      const doc = await readReportSections(folder);
      if (doc) sections.push(...(rel ? [{ kind: 'markdown' as const, markdown: markdownComment(rel) }] : []), ...scoped(doc.sections, slug(rel)));
    }
    if (files.includes(RESULTS_FILES.jsonl)) results.push(...(await readResults(folder)));
    else if (files.includes('metrics.json')) {
      const summary = await zeroShotSummary(folder);
      if (summary) zeroShot.push(summary);
    }
    for (const file of files.filter((f) => f.endsWith('.vl.json'))) {
      let spec: PlotSpec;
      try {
        spec = JSON.parse(await readFile(join(folder, file), 'utf8')) as PlotSpec;
      } catch (error) {
        throw new ClipEvalError('INPUT', `${join(folder, file)} is not readable JSON: ${(error as Error).message}`);
      }
      const name = file.replace(/\.vl\.json$/, '');
      const title = typeof spec.title === 'string' ? spec.title : ((spec.title as { text?: string } | undefined)?.text ?? name);
      loose.push({ kind: 'figure', id: slug(`${rel}-${name}`), title, caption: `From ${join(rel, file)}.`, spec });
    }
  }
  const summary: ReportSection[] = [];
  if (zeroShot.length) summary.push(zeroShotTableSection(zeroShot));
  if (results.length) summary.push(resultsTableSection(latestOfEachRun(results)));
  const all = [...summary, ...sections, ...loose];
  if (all.length === 0) {
    throw new ClipEvalError('INPUT', `nothing to report under ${dir}: no ${REPORT_FILES.sections}, ${RESULTS_FILES.jsonl}, metrics.json or *.vl.json (run a task with --out there first)`);
  }
  return all;
}

/** `clip-eval report DIR`: renders everything found under DIR into DIR/report.md and DIR/report.html. */
export async function reportFolder(dir: string, title = 'clip-eval report'): Promise<WrittenReport> {
  return writeReport(dir, { title, sections: await collectReport(dir) }, { saveSections: false });
}
