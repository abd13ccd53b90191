import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { ClipEvalError, errorMessage, oneLine } from '../core/errors.js';
import { PACKAGE_ROOT } from '../core/package-root.js';

/** What `clip-eval demo` runs (configs/demo.json): one model, one dataset, and the settings of each task. */
export interface DemoConfig {
  readonly title: string;
  /** Model folder; relative paths are relative to the package folder. */
  readonly model: string;
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

function field<T>(file: string, object: Json, path: string, check: (v: unknown) => v is T, expected: string): T {
  const value = path.split('.').reduce<unknown>((o, key) => (o !== null && typeof o === 'object' ? (o as Json)[key] : undefined), object);
  if (!check(value)) throw new ClipEvalError('CONFIG', `${file}: '${path}' must be ${expected}, found ${JSON.stringify(value) ?? 'nothing'}`);
  return value;
}

const isString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every(isString);
const isCount = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 1;
const isCounts = (v: unknown): v is number[] => Array.isArray(v) && v.every(isCount);
const isStringMap = (v: unknown): v is Record<string, string> => v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every(isString);

/** Reads and checks a demo config; every missing or mistyped field is an error naming the field and the file. */
export async function loadDemoConfig(file: string = DEMO_CONFIG_FILE): Promise<DemoConfig> {
  let raw: Json;
  try {
    raw = JSON.parse(await readFile(file, 'utf8')) as Json;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new ClipEvalError('CONFIG', `demo config ${file} not found (pass --config FILE, or leave it out for ${DEMO_CONFIG_FILE})`);
    throw new ClipEvalError('CONFIG', `demo config ${file} is not readable JSON: ${oneLine(errorMessage(error))}`);
  }
  const s = (path: string) => field(file, raw, path, isString, 'a non-empty string');
  const list = (path: string) => field(file, raw, path, isStrings, 'a list of strings');
  const model = s('model');
  return {
    title: s('title'),
    model: isAbsolute(model) ? model : join(PACKAGE_ROOT, model),
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
