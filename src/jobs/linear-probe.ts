import { join } from 'node:path';
import { writeJsonAtomic } from '../core/fs.js';
import { linearProbeSweepSpec } from '../report/specs/linear-probe-sweep.js';
import { probeFromSource, type ProbeSource } from '../tasks/linear-probe/job.js';
import { writeLinearProbeOutputs, type LinearProbeMetrics } from '../tasks/linear-probe/outputs.js';
import type { LinearProbeOptions } from '../tasks/linear-probe/run.js';

/** `clip-eval linear-probe`: fits the probe (or reads it from the result cache in `cacheDir`), writes its files and results rows, and the sweep plot beside them. */
export async function linearProbeJob(source: ProbeSource, options: LinearProbeOptions, out: string, cacheDir?: string): Promise<LinearProbeMetrics> {
  const { result, metrics } = await probeFromSource(source, options, cacheDir);
  await writeLinearProbeOutputs(out, result, metrics);
  if (metrics.files.sweep_plot !== null) await writeJsonAtomic(join(out, metrics.files.sweep_plot), linearProbeSweepSpec(metrics));
  return metrics;
}
