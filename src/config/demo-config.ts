import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, join, resolve } from 'node:path';
import { ClipEvalError, errorMessage, oneLine } from '../core/errors.js';
import { PACKAGE_ROOT } from '../core/package-root.js';

/** One model of the demo: what the report and the result labels call it, and its folder. */
export interface DemoModel {
  /** Letters, digits, '.', '_' and '-' (it names the model's output folder); default: the folder's name. */
  readonly name: string;
  /** Model folder, absolute (relative paths in the file are relative to the package folder). */
  readonly path: string;
}

/** What `clip-eval demo` runs (configs/demo.json): the models, one dataset, and the settings of each task. */
export interface DemoConfig {
  readonly title: string;
  /** Evaluated one after another, each opened once; the first is the primary model. */
  readonly models: readonly DemoModel[];
  readonly dataset: string;
  readonly zeroShot: { readonly splits: readonly string[]; /** Position (from 1) of the single template in each split's set. */ readonly singleTemplate: number };
  readonly templateComparison: { readonly split: string; readonly templates: string; readonly subsets: readonly string[] };
  readonly linearProbe: { readonly trainSplit: string; readonly testSplits: readonly string[]; readonly shots: readonly number[]; readonly shotDraws: number };
  readonly robustness: { readonly inDistribution: string; readonly inDistributionName: string; /** Label -> split. */ readonly shifts: Readonly<Record<string, string>> };
  readonly fairness: { readonly split: string; readonly groups: readonly string[]; readonly by: string };
  /** Image-text retrieval on a captioned split (optional: left out, the demo runs no retrieval); `recallK`: the k of recall@k. */
  readonly retrieval?: { readonly split: string; readonly recallK: readonly number[] };
  /** Compositionality on a split written in SugarCrepe's format (optional: left out, none). */
  readonly compositionality?: { readonly split: string };
}

export const DEMO_CONFIG_FILE = join(PACKAGE_ROOT, 'configs', 'demo.json');

type Json = Record<string, unknown>;

function badField(file: string, path: string, expected: string, found: unknown): never {
  throw new ClipEvalError('CONFIG', `${file}: '${path}' must be ${expected}, found ${JSON.stringify(found) ?? 'nothing'}`);
}

function field<T>(file: string, object: Json, path: string, check: (v: unknown) => v is T, expected: string): T {
  const value = path.split('.').reduce<unknown>((o, key) => (o !== null && typeof o === 'object' ? (o as Json)[key] : undefined), object);
  return check(value) ? value : badField(file, path, expected, value);
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;
const isCounts = (v: unknown): v is number[] => Array.isArray(v) && v.every(isCount);
const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const isStringMap = (v: unknown): v is Record<string, string> => isObject(v) && Object.values(v).every(isString);

/** A model's name labels its results and names its output folder. */
const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * `models`: a non-empty list of {name?, path}. The older single `model` (a folder) is still read, as a list of
 * one, so users' configs keep working; both at once is an error. Names are unique (they label results and
 * name output folders), and so are folder names (the linear-probe rows are named by folder).
 */
function demoModels(file: string, raw: Json): DemoModel[] {
  const fail = (path: string, expected: string, found: unknown) => badField(file, path, expected, found);
  const absolute = (path: string) => (isAbsolute(path) ? path : join(PACKAGE_ROOT, path));
  if (raw.models !== undefined && raw.model !== undefined) {
    throw new ClipEvalError('CONFIG', `${file}: give 'models' (a list of {name?, path}) or the older single 'model', not both`);
  }
  if (raw.models === undefined && raw.model !== undefined) {
    const path = isString(raw.model) ? raw.model : fail('model', 'a non-empty string (or use \'models\': a list of {name?, path})', raw.model);
    return [{ name: basename(resolve(absolute(path))), path: absolute(path) }];
  }
  const list = Array.isArray(raw.models) && raw.models.length > 0 ? raw.models as unknown[] : fail('models', 'a non-empty list of {name?, path}', raw.models);
  const models = list.map((entry, i): DemoModel => {
    if (!isObject(entry)) return fail(`models.${i}`, 'an object {name?, path}', entry);
    const path = isString(entry.path) ? absolute(entry.path) : fail(`models.${i}.path`, 'a non-empty string (a model folder)', entry.path);
    const name = entry.name === undefined ? basename(resolve(path)) : entry.name;
    if (typeof name !== 'string' || !MODEL_NAME.test(name)) return fail(`models.${i}.name`, 'letters, digits, \'.\', \'_\' or \'-\' (it names an output folder)', name);
    return { name, path };
  });
  const clash = (key: (m: DemoModel) => string, field: string, why: string) => {
    const keys = models.map(key);
    const later = keys.findIndex((k, i) => keys.indexOf(k) !== i);
    if (later >= 0) throw new ClipEvalError('CONFIG', `${file}: 'models.${later}' has the ${field} '${keys[later]}' of 'models.${keys.indexOf(keys[later]!)}'; ${why}`);
  };
  clash((m) => m.name, 'name', 'give each model its own name (it labels results and names the output folder)');
  clash((m) => basename(resolve(m.path)), 'folder name', 'the linear-probe results are named by folder, so the folders need different names');
  return models;
}

/** Reads and checks a demo config; every missing or mistyped field is an error naming the field and the file. */
export async function loadDemoConfig(file: string = DEMO_CONFIG_FILE): Promise<DemoConfig> {
  let raw: Json;
  try {
    raw = JSON.parse(await readFile(file, 'utf8')) as Json;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ClipEvalError('CONFIG', `demo config ${file} not found (pass --config FILE, or leave it out for ${DEMO_CONFIG_FILE})`);
    throw new ClipEvalError('CONFIG', `demo config ${file} is not readable JSON: ${oneLine(errorMessage(error))}`);
  }
  if (!isObject(raw)) throw new ClipEvalError('CONFIG', `demo config ${file} must hold a JSON object, found ${JSON.stringify(raw)}`);
  const s = (path: string) => field(file, raw, path, isString, 'a non-empty string');
  const list = (path: string) => field(file, raw, path, isStrings, 'a list of strings');
  return {
    title: s('title'),
    models: demoModels(file, raw),
    dataset: s('dataset'),
    zeroShot: { splits: list('zeroShot.splits'), singleTemplate: field(file, raw, 'zeroShot.singleTemplate', isCount, 'a position from 1') },
    templateComparison: { split: s('templateComparison.split'), templates: s('templateComparison.templates'), subsets: list('templateComparison.subsets') },
    linearProbe: {
      trainSplit: s('linearProbe.trainSplit'),
      testSplits: list('linearProbe.testSplits'),
      shots: field(file, raw, 'linearProbe.shots', isCounts, 'a list of positive integers'),
      shotDraws: field(file, raw, 'linearProbe.shotDraws', isCount, 'a positive integer'),
    },
    robustness: {
      inDistribution: s('robustness.inDistribution'),
      inDistributionName: s('robustness.inDistributionName'),
      shifts: field(file, raw, 'robustness.shifts', isStringMap, 'an object of label -> split'),
    },
    fairness: { split: s('fairness.split'), groups: list('fairness.groups'), by: s('fairness.by') },
    ...(raw['retrieval'] !== undefined ? {
      retrieval: {
        split: s('retrieval.split'),
        recallK: field(file, raw, 'retrieval.recallK', isCounts, 'a list of positive integers'),
      },
    } : {}),
    ...(raw['compositionality'] !== undefined ? { compositionality: { split: s('compositionality.split') } } : {}),
  };
}
