import type { ReportSection } from '../report/document.js';
import { fairnessSections } from '../report/sections/fairness.js';
import { writeReport } from '../report/write-report.js';
import { writeFairness } from '../tasks/fairness/outputs.js';
import { runFairness, type FairnessRun, type FairnessRunOptions } from '../tasks/fairness/run.js';

/** `clip-eval fairness`: the audit, its CSVs and its report in `out`. */
export async function fairnessJob(options: FairnessRunOptions & { readonly out: string }): Promise<FairnessRun & { readonly sections: ReportSection[] }> {
  const run = await runFairness(options);
  const sections = fairnessSections(run.runs, { notes: [...run.notes], by: run.by });
  await writeFairness(options.out, run.runs);
  await writeReport(options.out, { title: 'Fairness audit', sections });
  return { ...run, sections };
}
