import type { Runtime } from '../features/runtime.js';
import type { ReportSection } from '../report/document.js';
import { templateComparisonSections } from '../report/sections/template-compare.js';
import { writeReport } from '../report/write-report.js';
import { runTemplateCompare, type TemplateCompareOptions, type TemplateCompareRun } from '../tasks/template-compare/run.js';
import { writeTemplateCompare } from '../tasks/template-compare/writer.js';

/** `clip-eval templates compare`: the comparison, its files and its report in `out`. */
export async function templateCompareJob(runtime: Runtime, options: TemplateCompareOptions & { readonly out: string }): Promise<TemplateCompareRun & { readonly sections: ReportSection[] }> {
  const run = await runTemplateCompare(runtime, options);
  await writeTemplateCompare(options.out, run);
  const sections = templateComparisonSections(run.comparison, { runName: run.runName });
  await writeReport(options.out, { title: 'Template comparison', sections });
  return { ...run, sections };
}
