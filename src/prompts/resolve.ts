import { existsSync } from 'node:fs';
import { ClipEvalError } from '../core/errors.js';
import { getTemplateSet, isTemplateSetName } from './registry.js';
import { checkTemplates } from './render.js';
import { readTextList } from './text-list.js';

export interface ResolvedTemplates {
  /** The set's name, or the file it came from. */
  readonly name: string;
  readonly templates: readonly string[];
}

/** `SET@K`: the K-th template (from 1) of a registered set, e.g. `imagenet@1` or `default@1`. */
const PICK = /^(.+)@(\d+)$/;

/**
 * --templates: `default` (the dataset's own set), a registered set name, a file (JSON array or one
 * template per line), or `SET@K` for one template of a set (a single-template baseline of an ensemble).
 */
export async function resolveTemplates(spec: string, datasetDefault: string): Promise<ResolvedTemplates> {
  const pick = PICK.exec(spec);
  if (pick && !existsSync(spec)) {
    const set = await resolveTemplates(pick[1]!, datasetDefault);
    const position = Number(pick[2]);
    const template = set.templates[position - 1];
    if (template === undefined) throw new ClipEvalError('PROMPTS', `templates '${spec}': set '${set.name}' has ${set.templates.length} templates, so @${position} is out of range (from 1)`);
    return { name: `${set.name}@${position}`, templates: [template] };
  }
  const name = spec === 'default' ? datasetDefault : spec;
  let templates: readonly string[];
  if (isTemplateSetName(name)) templates = getTemplateSet(name);
  else if (existsSync(name) || /[\\/]|\.(json|txt)$/i.test(name)) templates = await readTextList(name, 'template');
  else getTemplateSet(name); // throws the error listing the known sets
  checkTemplates(templates!, `templates '${name}'`);
  return { name, templates: templates! };
}

/** --classnames FILE replaces the dataset's class names, one for one. */
export async function resolveClassnames(file: string | undefined, datasetClassnames: readonly string[]): Promise<readonly string[]> {
  if (file === undefined) return datasetClassnames;
  const names = await readTextList(file, 'class-name');
  if (names.length !== datasetClassnames.length) {
    throw new ClipEvalError('PROMPTS', `class-name file ${file} has ${names.length} names but the dataset has ${datasetClassnames.length} classes`);
  }
  return names;
}
