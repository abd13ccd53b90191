import { basename, join, relative } from 'node:path';
import { DEFAULTS } from '../../config/defaults.js';
import type { DemoConfig } from '../../config/demo-config.js';
import { writeJsonAtomic } from '../../core/fs.js';
import { buildEmojiSuite, defaultSuiteRoot, suiteOptionsFor } from '../../datasets/emoji/build.js';
import type { SuiteManifest } from '../../datasets/emoji/manifest.js';
import type { SplitName } from '../../datasets/emoji/splits.js';
import { openRuntime, type Runtime, type RuntimeOptions } from '../../features/runtime.js';
import type { ReportSection } from '../../report/document.js';
import { creditsSection, introSection, zeroShotGridSection } from '../../report/sections/demo.js';
import { writeReport, type WrittenReport } from '../../report/write-report.js';
import type { HarmfulCategories } from '../../tasks/fairness/harmful.js';
import { fairnessJob } from '../fairness.js';
import { robustnessJob } from '../robustness.js';
import { templateCompareJob } from '../template-compare.js';
import { captionedSplits, demoCaptioned, type CaptionedFigures } from './captioned.js';
import { demoProbes, type ProbeFigures } from './probes.js';
import { zeroShotGrid, type SplitFigures } from './zeroshot-grid.js';

export interface DemoOptions {
  readonly config: DemoConfig;
  readonly out: string;
  /** The suite folder (default: the per-user cache's emoji-shift/<size>). */
  readonly data?: string;
  readonly runtime: Omit<RuntimeOptions, 'model'>;
  readonly batchSize?: number;
}

export interface DemoResult {
  readonly zeroShot: readonly SplitFigures[];
  readonly probes: ProbeFigures;
  readonly report: WrittenReport;
  readonly seconds: number;
}

const log = (line: string) => process.stderr.write(`demo: ${line}\n`);

/** The fairness split's label set by category (non-human and crime-related classes), from the suite manifest. */
function harmfulCategories(manifest: SuiteManifest, split: string): HarmfulCategories {
  const entry = manifest.splits[split as SplitName];
  const names = (category: string) => (entry?.classnames ?? []).filter((_, i) => entry?.categories?.[i] === category);
  return { 'non-human': names('non-human'), 'crime-related': names('crime') };
}

/** What the demo computes with the model open; the analyses after it read these runs' files. */
interface ModelRuns {
  readonly manifest: SuiteManifest;
  readonly zeroShot: SplitFigures[];
  readonly templates: Awaited<ReturnType<typeof templateCompareJob>>;
  readonly probes: ProbeFigures;
  /** Retrieval and compositionality on the suite's captioned splits (when the config names them). */
  readonly captioned: CaptionedFigures;
}

/** Builds the suite when needed, then zero-shot on every split, template comparison, the linear probes, retrieval and compositionality. */
async function runModelTasks(runtime: Runtime, context: { readonly config: DemoConfig; readonly root: string; readonly splits: readonly string[]; readonly modelName: string; readonly batchSize: number; readonly out: string }): Promise<ModelRuns> {
  const { config, root, modelName, batchSize, out } = context;
  log(`emoji-shift suite in ${root} (rendered from node_modules on the first run, checked file by file after)`);
  const splits = [...new Set([...context.splits as SplitName[], ...captionedSplits(config)])]; // names are checked by the builder
  const manifest = await buildEmojiSuite({ ...(await suiteOptionsFor(root)), root, splits });
  const describe = (split: string) => {
    const entry = manifest.splits[split as SplitName];
    return { title: entry?.title ?? split, classes: entry?.classnames.length ?? 0 };
  };
  log(`zero-shot on ${config.zeroShot.splits.length} splits, single template and ensemble`);
  const zeroShot = await zeroShotGrid(runtime, { dataset: config.dataset, data: root, splits: config.zeroShot.splits, describe, singleTemplate: config.zeroShot.singleTemplate, modelName, batchSize, out: join(out, 'zeroshot') });

  log(`template comparison on '${config.templateComparison.split}'`);
  const templates = await templateCompareJob(runtime, {
    dataset: config.dataset,
    data: root,
    split: config.templateComparison.split,
    templates: config.templateComparison.templates,
    subsets: config.templateComparison.subsets,
    batchSize,
    out: join(out, 'templates'),
  });

  log(`linear probes on '${config.linearProbe.trainSplit}' (all of it, and ${config.linearProbe.shots.join(', ')} shots per class)`);
  const probes = await demoProbes(runtime, { dataset: config.dataset, data: root, ...config.linearProbe, batchSize, out: join(out, 'linear-probe') });

  const captioned = await demoCaptioned(runtime, { config, root, manifest, modelName, batchSize, out, log });
  return { manifest, zeroShot, templates, probes, captioned };
}

/**
 * `clip-eval demo`: builds the emoji-shift suite when needed, then runs every task of the harness on the
 * embedded model — zero-shot on every split (single template and ensemble), template comparison, linear
 * probes (full and few-shot, the robustness baselines), effective robustness, a fairness audit, and image-text
 * retrieval and compositionality on the captioned splits — and writes one report into `out`.
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const { config, out } = options;
  const batchSize = options.batchSize ?? DEFAULTS.batchSize;
  const root = options.data ?? defaultSuiteRoot();
  const splits = [...new Set([...config.zeroShot.splits, config.templateComparison.split, config.linearProbe.trainSplit, ...config.linearProbe.testSplits, config.fairness.split])];
  const modelName = basename(config.model);
  // The model is opened once, first: a wrong --model fails before minutes of rendering, and every task shares it.
  const runtime = await openRuntime({ ...options.runtime, model: config.model });
  let modelRuns: ModelRuns;
  try {
    modelRuns = await runModelTasks(runtime, { config, root, splits, modelName, batchSize, out });
  } finally {
    await runtime.close();
  }
  const { zeroShot, manifest, templates, probes, captioned } = modelRuns;
  const skipped = splits.reduce((n, s) => n + (manifest.splits[s as SplitName]?.skipped.length ?? 0), captioned.skipped);

  log('effective robustness of zero-shot (ensemble) against the linear probes');
  const column = (split: string) => `${config.dataset}/${split}`;
  const robustness = await robustnessJob({
    // The ensemble runs only: single-template points sit on top of them and would hide each other's labels.
    results: [...zeroShot.map((f) => f.dirs.ensemble), join(out, 'linear-probe')],
    inDistribution: column(config.robustness.inDistribution),
    inDistributionName: config.robustness.inDistributionName,
    shifts: Object.entries(config.robustness.shifts).map(([label, split]) => `${label}=${column(split)}`),
    out: join(out, 'robustness'),
  });

  log(`fairness audit on '${config.fairness.split}' by ${config.fairness.groups.join(' and ')}`);
  const fairnessRun = zeroShot.find((f) => f.split === config.fairness.split);
  const fairness = fairnessRun
    ? await fairnessJob({
      predictions: [`${modelName} ensemble=${fairnessRun.dirs.ensemble}`],
      groups: config.fairness.groups,
      by: config.fairness.by,
      harmful: harmfulCategories(manifest, config.fairness.split),
      out: join(out, 'fairness'),
    })
    : undefined;

  const seconds = (performance.now() - started) / 1000;
  const sections: ReportSection[] = [
    introSection({ model: relative(process.cwd(), config.model) || config.model, suiteRoot: root, seconds, skipped }),
    zeroShotGridSection(zeroShot, modelName),
    ...templates.sections,
    { kind: 'markdown', markdown: '## Linear probes' },
    ...probes.sections,
    ...robustness.sections,
    ...(fairness?.sections ?? []),
    ...captioned.sections,
    creditsSection(manifest.credits),
  ];
  const report = await writeReport(out, { title: config.title, sections });
  await writeJsonAtomic(join(out, 'demo.json'), { model: config.model, suite: root, seconds, zero_shot: zeroShot, linear_probe: probes.rows, ...(captioned.retrieval ? { retrieval: captioned.retrieval } : {}), ...(captioned.compositionality ? { compositionality: captioned.compositionality } : {}) });
  return { zeroShot, probes, report, seconds };
}
