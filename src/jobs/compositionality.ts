import { basename, resolve } from 'node:path';
import type { Runtime } from '../features/runtime.js';
import type { ReportSection } from '../report/document.js';
import { compositionalitySections } from '../report/sections/compositionality.js';
import { writeReport } from '../report/write-report.js';
import { runCompositionality, type CompositionalityOptions, type CompositionalityRun } from '../tasks/compositionality/run.js';
import { writeCompositionality } from '../tasks/compositionality/writer.js';

/** `clip-eval compositionality`: the benchmark scored, its files and its report in `out`. */
export async function compositionalityJob(runtime: Runtime, options: CompositionalityOptions & { readonly out: string }): Promise<CompositionalityRun & { readonly sections: ReportSection[] }> {
  const run = await runCompositionality(runtime, options);
  await writeCompositionality(options.out, run);
  const sections = compositionalitySections(run.metrics, { title: run.title, runName: basename(resolve(run.metrics.model)) });
  await writeReport(options.out, { title: `Compositionality: ${run.title}`, sections });
  return { ...run, sections };
}
