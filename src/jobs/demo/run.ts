import { join, relative } from 'node:path';
import { DEFAULTS } from '../../config/defaults.js';
import type { DemoConfig, DemoModel } from '../../config/demo-config.js';
import { writeJsonAtomic } from '../../core/fs.js';
import { buildEmojiSuite, defaultSuiteRoot, suiteOptionsFor } from '../../datasets/emoji/build.js';
import type { SuiteManifest } from '../../datasets/emoji/manifest.js';
import type { SplitName } from '../../datasets/emoji/splits.js';
import { openRuntime, type Runtime, type RuntimeOptions } from '../../features/runtime.js';
import { resolveBundle } from '../../model/detect.js';
import type { ReportSection } from '../../report/document.js';
import { creditsSection, introSection, modelSections, probeTableSection, zeroShotGridSection } from '../../report/sections/demo.js';
import { templateComparisonSections } from '../../report/sections/template-compare.js';
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

/** What the demo computes with one model open; the analyses after the loop read these runs' files. */
export interface ModelRuns {
  readonly model: DemoModel;
  /** The model's output folder (zeroshot/, templates/, linear-probe/ inside). */
  readonly out: string;
  readonly zeroShot: readonly SplitFigures[];
  readonly templates: Awaited<ReturnType<typeof templateCompareJob>>;
  readonly probes: ProbeFigures;
  /** Retrieval and compositionality on the suite's captioned splits (when the config names them). */
  readonly captioned: CaptionedFigures;
}

export interface DemoResult {
  /** One entry per model of the config, in its order. */
  readonly models: readonly ModelRuns[];
  readonly report: WrittenReport;
  readonly seconds: number;
}

const log = (line: string) => process.stderr.write(`demo: ${line}\n`);

/** Runs one phase between a start line and an end line with its seconds, so a slow phase shows which it is. */
async function phase<T>(what: string, run: () => Promise<T>): Promise<T> {
  log(what);
  const start = performance.now();
  const result = await run();
  log(`${what.replace(/ \(.*\)$/, '')}: done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  return result;
}

/** The fairness split's label set by category (non-human and crime-related classes), from the suite manifest. */
function harmfulCategories(manifest: SuiteManifest, split: string): HarmfulCategories {
  const entry = manifest.splits[split as SplitName];
  const names = (category: string) => (entry?.classnames ?? []).filter((_, i) => entry?.categories?.[i] === category);
  return { 'non-human': names('non-human'), 'crime-related': names('crime') };
}

interface ModelTaskContext {
  readonly config: DemoConfig;
  readonly root: string;
  readonly manifest: SuiteManifest;
  readonly model: DemoModel;
  readonly batchSize: number;
  /** This model's output folder. */
  readonly out: string;
}

/**
 * Every per-model step of the demo, on one opened model: zero-shot on every split (single template and
 * ensemble), template comparison, the linear probes, retrieval and compositionality. runDemo loops it over
 * the config's models.
 */
async function runModelTasks(runtime: Runtime, context: ModelTaskContext): Promise<ModelRuns> {
  const { config, root, manifest, model, batchSize, out } = context;
  const describe = (split: string) => {
    const entry = manifest.splits[split as SplitName];
    return { title: entry?.title ?? split, classes: entry?.classnames.length ?? 0 };
  };
  const zeroShot = await phase(`${model.name}: zero-shot on ${config.zeroShot.splits.length} splits, single template and ensemble`, () => zeroShotGrid(runtime, { dataset: config.dataset, data: root, splits: config.zeroShot.splits, describe, singleTemplate: config.zeroShot.singleTemplate, modelName: model.name, batchSize, out: join(out, 'zeroshot'), keepLogits: [config.fairness.split] }));

  const templates = await phase(`${model.name}: template comparison on '${config.templateComparison.split}'`, () => templateCompareJob(runtime, {
    dataset: config.dataset,
    data: root,
    split: config.templateComparison.split,
    templates: config.templateComparison.templates,
    subsets: config.templateComparison.subsets,
    batchSize,
    out: join(out, 'templates'),
  }));

  const probes = await phase(
    `${model.name}: linear probes on '${config.linearProbe.trainSplit}' (all of it, and ${config.linearProbe.shots.join(', ')} shots per class)`,
    () => demoProbes(runtime, { dataset: config.dataset, data: root, ...config.linearProbe, modelName: model.name, batchSize, out: join(out, 'linear-probe') }),
  );

  const captionedTasks = () => demoCaptioned(runtime, { config, root, manifest, modelName: model.name, batchSize, out, log: (line) => log(`${model.name}: ${line}`) });
  const captioned = config.retrieval || config.compositionality ? await phase(`${model.name}: retrieval and compositionality on the captioned splits`, captionedTasks) : await captionedTasks();
  return { model, out, zeroShot, templates, probes, captioned };
}

/** The report: what was run, the side-by-side zero-shot table, each model's template comparison and probes, then the analyses. */
function demoSections(context: {
  readonly config: DemoConfig;
  readonly root: string;
  readonly manifest: SuiteManifest;
  readonly runs: readonly ModelRuns[];
  readonly analyses: readonly ReportSection[];
  readonly seconds: number;
  readonly skipped: number;
}): ReportSection[] {
  const { config, runs } = context;
  // With several models each one's task sections carry its name; with one they read as the task's own report.
  const ownSections = (r: ModelRuns, sections: readonly ReportSection[]) => (runs.length > 1 ? modelSections(r.model.name, sections) : [...sections]);
  return [
    introSection({ models: config.models.map((m) => ({ name: m.name, path: relative(process.cwd(), m.path) || m.path })), suiteRoot: context.root, seconds: context.seconds, skipped: context.skipped }),
    zeroShotGridSection(runs.map((r) => ({ model: r.model.name, figures: r.zeroShot }))),
    ...runs.flatMap((r) => ownSections(r, templateComparisonSections(r.templates.comparison, { runName: `${r.model.name}, ${r.templates.runName}` }))),
    { kind: 'markdown', markdown: '## Linear probes' },
    probeTableSection(runs.map((r) => ({ model: r.model.name, rows: r.probes.rows })), config.linearProbe.testSplits),
    ...runs.map((r) => r.probes.sweep),
    ...context.analyses,
    ...runs.flatMap((r) => ownSections(r, r.captioned.sections)),
    creditsSection(context.manifest.credits),
  ];
}

/**
 * `clip-eval demo`: builds the emoji-shift suite when needed, then runs every task of the harness on each
 * embedded model in turn — zero-shot on every split (single template and ensemble), template comparison,
 * linear probes (full and few-shot, the robustness baselines), image-text retrieval and compositionality on
 * the captioned splits — and over all of them effective robustness and a fairness audit, into one report in
 * `out` (each model's runs in `out/<name>/`).
 */
export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const started = performance.now();
  const { config, out } = options;
  const batchSize = options.batchSize ?? DEFAULTS.batchSize;
  const root = options.data ?? defaultSuiteRoot();
  const splits = [...new Set([...config.zeroShot.splits, config.templateComparison.split, config.linearProbe.trainSplit, ...config.linearProbe.testSplits, config.fairness.split, ...captionedSplits(config)])];
  // Every model folder is checked (layout, files, tokenizer) before minutes of rendering; each is opened
  // only for its own tasks, and closed before the next, so one model's sessions are in memory at a time.
  for (const model of config.models) await resolveBundle(model.path, { dtype: options.runtime.dtype });
  const manifest = await phase(
    `emoji-shift suite in ${root} (rendered from node_modules on the first run, checked file by file after)`,
    async () => buildEmojiSuite({ ...(await suiteOptionsFor(root)), root, splits: splits as SplitName[] }), // names are checked by the builder
  );
  const skipped = splits.reduce((n, s) => n + (manifest.splits[s as SplitName]?.skipped.length ?? 0), 0);

  const runs: ModelRuns[] = [];
  for (const [i, model] of config.models.entries()) {
    log(`model ${i + 1} of ${config.models.length}: ${model.name} (${model.path})`);
    const runtime = await openRuntime({ ...options.runtime, model: model.path });
    try {
      runs.push(await runModelTasks(runtime, { config, root, manifest, model, batchSize, out: join(out, model.name) }));
    } finally {
      await runtime.close();
    }
  }

  const names = runs.map((r) => r.model.name).join(' and ');
  const column = (split: string) => `${config.dataset}/${split}`;
  const robustness = await phase(`effective robustness of zero-shot (ensemble) of ${names} against the linear probes`, () => robustnessJob({
    // The ensemble runs only: single-template points sit on top of them and would hide each other's labels.
    results: runs.flatMap((r) => [...r.zeroShot.map((f) => f.dirs.ensemble), join(r.out, 'linear-probe')]),
    inDistribution: column(config.robustness.inDistribution),
    inDistributionName: config.robustness.inDistributionName,
    shifts: Object.entries(config.robustness.shifts).map(([label, split]) => `${label}=${column(split)}`),
    out: join(out, 'robustness'),
  }));

  const fairnessRuns = runs.flatMap((r) => r.zeroShot.filter((f) => f.split === config.fairness.split).map((f) => `${r.model.name} ensemble=${f.dirs.ensemble}`));
  const fairness = fairnessRuns.length > 0
    ? await phase(`fairness audit on '${config.fairness.split}' by ${config.fairness.groups.join(' and ')}, ${names}`, () => fairnessJob({
      predictions: fairnessRuns,
      groups: config.fairness.groups,
      by: config.fairness.by,
      harmful: harmfulCategories(manifest, config.fairness.split),
      out: join(out, 'fairness'),
    }))
    : undefined;

  const seconds = (performance.now() - started) / 1000;
  const sections = demoSections({ config, root, manifest, runs, analyses: [...robustness.sections, ...(fairness?.sections ?? [])], seconds, skipped });
  const report = await phase('writing the report (figures rendered to SVG and PNG)', () => writeReport(out, { title: config.title, sections }));
  await writeJsonAtomic(join(out, 'demo.json'), {
    suite: root,
    seconds,
    models: runs.map((r) => ({
      name: r.model.name,
      path: r.model.path,
      out: r.out,
      zero_shot: r.zeroShot,
      linear_probe: r.probes.rows,
      ...(r.captioned.retrieval ? { retrieval: r.captioned.retrieval } : {}),
      ...(r.captioned.compositionality ? { compositionality: r.captioned.compositionality } : {}),
    })),
  });
  return { models: runs, report, seconds };
}
