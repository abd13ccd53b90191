import { DEFAULTS } from '../../config/defaults.js';
import { ClipEvalError, usageError } from '../../core/errors.js';
import { collectResults } from '../../results/merge.js';
import { tableColumns, tableFromResults, type ModelAccuracies } from './accuracy-table.js';
import { analyzeRobustness, type ShiftPair, type ShiftResult } from './analyze.js';
import { readBaselineCsv, readModelTypes, type AccuracyScale } from './baseline-csv.js';
import { nameMatcher, selectBaselines, type BaselineRule } from './select-models.js';
import { IMAGENET_IN_DISTRIBUTION, IMAGENET_SHIFTS, type ImagenetShiftName } from './testbed-settings.js';

export interface RobustnessRunOptions {
  /** Folders holding results.jsonl (searched recursively). */
  readonly results?: readonly string[];
  /** An accuracy table in imagenet-testbed's robustness_top1s.csv format. */
  readonly baseline?: string;
  readonly baselineScale?: AccuracyScale;
  /** A `model,type` file; with it the trend is the models of `baselineTypeNames` (default STANDARD). */
  readonly baselineTypes?: string;
  readonly baselineTypeNames?: readonly string[];
  /** Name fragments left out of a typed trend (default: aws, batch64, subsample). */
  readonly baselineExclude?: readonly string[];
  /** Trend models by name, glob or /regex/ (instead of types). */
  readonly baselineModels?: readonly string[];
  /** Models of the baseline file to evaluate (names, globs or /regexes/). */
  readonly models?: readonly string[];
  /** Shift names (imagenet-v2, imagenet-r, ...), `X:Y` column pairs, or Y columns paired with `inDistribution`; each may start with `Label=`. */
  readonly shifts?: readonly string[];
  /** The in-distribution column (default: ImageNet `val`). */
  readonly inDistribution?: string;
  /** What the in-distribution set is called on axes (default: ImageNet, or the column). */
  readonly inDistributionName?: string;
  readonly seed?: number;
}

export interface RobustnessRun {
  readonly results: readonly ShiftResult[];
  /** What the in-distribution axis is called. */
  readonly xName: string;
  /** Which models form the trend, in words. */
  readonly baselineNote: string;
  /** How the inputs were read (e.g. the accuracy scale of a baseline file). */
  readonly inputNotes: readonly string[];
}

function isImagenetShift(name: string): name is ImagenetShiftName {
  return Object.hasOwn(IMAGENET_SHIFTS, name);
}

/** Resolves shift arguments against the columns present; with none given, every ImageNet shift the table has. */
export function resolveShifts(items: readonly string[] | undefined, inDistribution: string | undefined, columns: readonly string[]): ShiftPair[] {
  const has = new Set(columns);
  const available = `columns present: ${columns.slice(0, 30).join(', ')}${columns.length > 30 ? ', ...' : ''}`;
  if (items === undefined || items.length === 0) {
    const found = Object.entries(IMAGENET_SHIFTS)
      .filter(([, s]) => has.has(s.x) && has.has(s.y))
      .map(([name, s]) => ({ name, label: s.label, x: s.x, y: s.y }));
    if (found.length === 0) throw usageError(`no ImageNet shift columns found; name the shifts with --shifts (${available})`);
    return found;
  }
  return items.map((item): ShiftPair => {
    // An optional `Label=` prefix names the shift on axes and in tables.
    const eq = item.indexOf('=');
    const label = eq > 0 ? item.slice(0, eq) : null;
    const spec = eq > 0 ? item.slice(eq + 1) : item;
    let pair: ShiftPair;
    if (isImagenetShift(spec)) pair = { name: spec, ...IMAGENET_SHIFTS[spec] };
    else if (spec.includes(':')) {
      const [x = '', y = ''] = spec.split(':');
      pair = { name: y, label: y, x, y };
    } else pair = { name: spec, label: spec, x: inDistribution ?? IMAGENET_IN_DISTRIBUTION, y: spec };
    if (label) pair = { ...pair, label };
    for (const column of [pair.x, pair.y]) {
      if (!has.has(column)) throw usageError(`shift '${item}' needs the column '${column}', which no model has (${available})`);
    }
    return pair;
  });
}

function mergeTables(a: Map<string, ModelAccuracies>, b: Map<string, ModelAccuracies>): Map<string, ModelAccuracies> {
  const out = new Map(a);
  for (const [name, m] of b) {
    const prev = out.get(name);
    out.set(name, prev ? { ...m, accuracies: new Map([...prev.accuracies, ...m.accuracies]) } : m);
  }
  return out;
}

function baselineRule(options: RobustnessRunOptions, types: ReadonlyMap<string, string> | undefined): { rule: BaselineRule; note: string } {
  if (options.baselineModels && options.baselineModels.length > 0) {
    return { rule: { kind: 'names', patterns: options.baselineModels }, note: `Baselines: models matching ${options.baselineModels.join(', ')}.` };
  }
  if (types) {
    const include = options.baselineTypeNames ?? DEFAULTS.testbedBaselines.include;
    const exclude = options.baselineExclude ?? DEFAULTS.testbedBaselines.exclude;
    return {
      rule: { kind: 'types', types, include, exclude },
      note: `Baselines: models of type ${include.join(', ')}${exclude.length ? `, leaving out names containing ${exclude.map((e) => `'${e}'`).join(', ')}` : ''} (as imagenet-testbed's trends).`,
    };
  }
  if (options.baseline) {
    throw usageError(`say which rows of ${options.baseline} form the trend: --baseline-types FILE (a model,type file; the trend is STANDARD models) or --baseline-models NAMES`);
  }
  return { rule: { kind: 'tasks', tasks: ['linear-probe'] }, note: 'Baselines: the linear-probe runs in the results.' };
}

/** Effective robustness: reads baselines and results and fits the trends; the writer and the report take it from there. */
export async function runRobustness(options: RobustnessRunOptions): Promise<RobustnessRun> {
  if (!options.baseline && (!options.results || options.results.length === 0)) {
    throw usageError('give accuracies to analyse: --results DIR (clip-eval runs) and/or --baseline FILE (imagenet-testbed robustness_top1s.csv format)');
  }
  const inputNotes: string[] = [];
  let table = new Map<string, ModelAccuracies>();
  let fromFile = new Set<string>();
  if (options.baseline) {
    const file = await readBaselineCsv(options.baseline, options.baselineScale);
    table = file.models;
    fromFile = new Set(file.models.keys());
    inputNotes.push(file.scaleNote);
  }
  const fromResults = new Set<string>();
  if (options.results && options.results.length > 0) {
    const { rows } = await collectResults(options.results);
    const own = tableFromResults(rows);
    for (const name of own.keys()) fromResults.add(name);
    table = mergeTables(table, own);
  }
  const types = options.baselineTypes ? await readModelTypes(options.baselineTypes) : undefined;
  const { rule, note } = baselineRule(options, types);

  const selected = selectBaselines(table, rule);
  // Evaluated: the results' models outside the trend, and the baseline-file models named with --models.
  const evaluated = new Set([...fromResults].filter((m) => !selected.has(m)));
  for (const pattern of options.models ?? []) {
    const matched = [...fromFile].filter(nameMatcher([pattern]));
    if (matched.length === 0) throw usageError(`--models: no model of ${options.baseline ?? 'the baseline file'} matches '${pattern}'`);
    matched.forEach((m) => evaluated.add(m));
  }
  // A model shown as evaluated is measured against the trend, so it is not part of it.
  const baselines = new Set([...selected].filter((m) => !evaluated.has(m)));
  if (baselines.size === 0) throw new ClipEvalError('INPUT', `no baseline models: ${note} matched none of the ${table.size} models`);
  const shifts = resolveShifts(options.shifts, options.inDistribution, tableColumns(table));
  const inDistribution = options.inDistribution ?? (shifts.every((s) => isImagenetShift(s.name)) ? IMAGENET_IN_DISTRIBUTION : null);
  const results = analyzeRobustness(table, { shifts, inDistribution, baselines, evaluated, seed: options.seed });
  if (results.every((r) => r.fit === null)) {
    throw new ClipEvalError('INPUT', `no trend could be fitted: ${results.map((r) => `${r.shift.label}: ${r.note}`).join('; ')}`);
  }
  const xName = options.inDistributionName ?? (inDistribution === IMAGENET_IN_DISTRIBUTION ? 'ImageNet' : (inDistribution ?? 'in-distribution'));
  return { results, xName, baselineNote: note, inputNotes };
}
