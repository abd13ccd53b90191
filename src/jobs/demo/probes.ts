import { join } from 'node:path';
import type { ReportSection } from '../../report/document.js';
import type { Runtime } from '../../features/runtime.js';
import { figureId } from '../../report/sections/demo.js';
import { linearProbeSweepSpec } from '../../report/specs/linear-probe-sweep.js';
import { loadProbeFeatures } from '../../tasks/linear-probe/job.js';
import { fitProgressLine, PAPER_PROBE } from '../../tasks/linear-probe/run.js';
import { linearProbeJob } from '../linear-probe.js';

export interface ProbeRow {
  readonly probe: string;
  readonly split: string;
  readonly top1: number;
  readonly C: number;
}

export interface ProbeFigures {
  readonly rows: readonly ProbeRow[];
  /** The full probe's regularisation sweep (the table over every model is the report's: probeTableSection). */
  readonly sweep: ReportSection;
}

/**
 * Linear probes on the train split's features: one on all of it and one per few-shot size, each tested on
 * every test split. They are the demo's robustness baselines (models adapted to the training distribution),
 * as the CLIP paper compares zero-shot CLIP with probes fitted on ImageNet.
 */
export async function demoProbes(runtime: Runtime, options: {
  readonly dataset: string;
  readonly data: string;
  readonly trainSplit: string;
  readonly testSplits: readonly string[];
  readonly shots: readonly number[];
  readonly shotDraws: number;
  /** Names the sweep figure (its id and title). */
  readonly modelName: string;
  readonly batchSize: number;
  readonly out: string;
}): Promise<ProbeFigures> {
  const rows: ProbeRow[] = [];
  let sweep: ReportSection | undefined;
  // Every probe fits the same train features and scores the same test splits: read them (from the feature
  // cache, or computed once) for all of them, not once per probe.
  process.stderr.write(`linear-probe features: '${options.trainSplit}' and ${options.testSplits.join(', ')}, read once for every probe\n`);
  const features = await loadProbeFeatures({ kind: 'model', runtime, request: { dataset: options.dataset, data: options.data, trainSplit: options.trainSplit, testSplits: options.testSplits, batchSize: options.batchSize, quiet: true } });
  for (const k of [undefined, ...options.shots]) {
    const name = k === undefined ? 'all of train' : `${k}-shot`;
    process.stderr.write(`linear probe (${name}${k !== undefined ? `, ${options.shotDraws} draws` : ''}) on '${options.trainSplit}', scored on ${options.testSplits.join(', ')}\n`);
    const metrics = await linearProbeJob(
      { kind: 'loaded', features },
      {
        ...PAPER_PROBE,
        ...(k !== undefined ? { shots: { k, seeds: options.shotDraws } } : {}),
        // The sweeps take most of the demo's time: each fit says so on stderr.
        onFit: (event) => process.stderr.write(`  ${fitProgressLine(event, `probe (${name})`, k !== undefined)}\n`),
      },
      join(options.out, k === undefined ? 'full' : `${k}-shot`),
      runtime.cacheDir,
    );
    if (metrics.result_cache === 'hit') process.stderr.write('  fitted before on the same features and settings: read from the probe result cache\n');
    for (const test of metrics.test_splits) rows.push({ probe: name, split: test.split, top1: test.accuracy, C: metrics.C });
    if (k === undefined) sweep = { kind: 'figure', id: `probe-sweep-${figureId(options.modelName)}`, title: `${options.modelName}: linear probe on all of train, the regularisation sweep`, caption: `C chosen on a held-out ${PAPER_PROBE.valFraction * 100}% of '${options.trainSplit}' (coarse-to-fine, as in the CLIP paper), then refitted on all of it: C = ${metrics.C.toPrecision(3)}, features '${metrics.feature_output}'.`, spec: linearProbeSweepSpec(metrics) };
  }
  return { rows, sweep: sweep! }; // the full probe (k undefined) always runs first
}
