import { basename, resolve } from 'node:path';
import type { Runtime } from '../features/runtime.js';
import type { ReportSection } from '../report/document.js';
import { retrievalSections, type RetrievalReportRun } from '../report/sections/retrieval.js';
import { writeReport } from '../report/write-report.js';
import { runRetrieval, type RetrievalOptions, type RetrievalRun } from '../tasks/retrieval/run.js';
import { readRetrievalRun, writeRetrieval } from '../tasks/retrieval/writer.js';

export interface RetrievalJobOptions extends RetrievalOptions {
  readonly out: string;
  /** How the run is named in tables and plots (default: the model folder's name). */
  readonly label?: string;
  /** Output folders of earlier retrieval runs to compare with in the report (paired bootstrap on the same queries). */
  readonly compare?: readonly string[];
}

/** `clip-eval retrieval`: the scored run, its files and its report in `out`. */
export async function retrievalJob(runtime: Runtime, options: RetrievalJobOptions): Promise<RetrievalRun & { readonly sections: ReportSection[] }> {
  const run = await runRetrieval(runtime, options);
  await writeRetrieval(options.out, run, options.label !== undefined ? { label: options.label } : {});
  const runs: RetrievalReportRun[] = [
    { label: options.label ?? basename(resolve(run.metrics.model)), metrics: run.metrics, textRanks: run.scores.textToImage.ranks, imageRanks: run.scores.imageToText.ranks },
  ];
  for (const dir of options.compare ?? []) {
    const other = await readRetrievalRun(dir);
    runs.push({ label: `${basename(resolve(other.metrics.model))} (${basename(resolve(dir))})`, ...other });
  }
  const sections = retrievalSections(runs);
  await writeReport(options.out, { title: `Retrieval: ${run.metrics.dataset}/${run.metrics.split}`, sections });
  return { ...run, sections };
}
