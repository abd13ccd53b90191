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

/**
 * --templates: `default` (the dataset's own set), a registered set name, or a file (JSON array or one
 * template per line).
 */
export async function resolveTemplates(spec: string, datasetDefault: string): Promise<ResolvedTemplates> {
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
