import type { ReportSection } from '../report/document.js';
import { robustnessSections } from '../report/sections/robustness.js';
import { writeReport } from '../report/write-report.js';
import { writeRobustness } from '../tasks/robustness/outputs.js';
import { runRobustness, type RobustnessRun, type RobustnessRunOptions } from '../tasks/robustness/run.js';

/** `clip-eval robustness`: fits the trends, writes the CSVs, the figures and a report into `out`. */
export async function robustnessJob(options: RobustnessRunOptions & { readonly out: string }): Promise<RobustnessRun & { readonly sections: ReportSection[] }> {
  const run = await runRobustness(options);
  const sections = robustnessSections(run.results, { xName: run.xName, baselineNote: run.baselineNote, inputNotes: run.inputNotes });
  await writeRobustness(options.out, run.results);
  await writeReport(options.out, { title: 'Effective robustness', sections });
  return { ...run, sections };
}
