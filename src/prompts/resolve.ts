import { existsSync } from 'node:fs';
import { ClipEvalError } from '../core/errors.js';
import { classPromptLists, readClassPromptFile } from './class-prompts.js';
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
export async function resolveTemplates(spec: string, datasetDefault: string | ResolvedTemplates): Promise<ResolvedTemplates> {
  if (spec === 'default' && typeof datasetDefault !== 'string') {
    checkTemplates(datasetDefault.templates, `templates '${datasetDefault.name}'`);
    return datasetDefault;
  }
  const pick = PICK.exec(spec);
  if (pick && !existsSync(spec)) {
    const set = await resolveTemplates(pick[1]!, datasetDefault);
    const position = Number(pick[2]);
    const template = set.templates[position - 1];
    if (template === undefined) throw new ClipEvalError('PROMPTS', `templates '${spec}': set '${set.name}' has ${set.templates.length} templates, so @${position} is out of range (from 1)`);
    return { name: `${set.name}@${position}`, templates: [template] };
  }
  const name = spec === 'default' && typeof datasetDefault === 'string' ? datasetDefault : spec;
  let templates: readonly string[];
  if (isTemplateSetName(name)) templates = getTemplateSet(name);
  else if ((await readClassPromptFile(name)) !== undefined) {
    throw new ClipEvalError('PROMPTS', `templates '${name}' is a class-specific prompt file (a JSON object of class -> prompts); this command needs templates with {} shared by every class`);
  } else if (existsSync(name) || /[\\/]|\.(json|txt)$/i.test(name)) templates = await readTextList(name, 'template');
  else getTemplateSet(name); // throws the error listing the known sets
  checkTemplates(templates!, `templates '${name}'`);
  return { name, templates: templates! };
}

/** What --templates gives zero-shot: templates shared by every class, or each class's own prompts (CuPL). */
export type ResolvedPrompts =
  | ({ readonly kind: 'templates' } & ResolvedTemplates)
  | { readonly kind: 'class-prompts'; readonly name: string; readonly prompts: (classnames: readonly string[]) => string[][] };

/** --templates for zero-shot: a class-prompt file (a JSON object) or whatever `resolveTemplates` takes. */
export async function resolvePrompts(spec: string, datasetDefault: string | ResolvedTemplates): Promise<ResolvedPrompts> {
  const classPrompts = await readClassPromptFile(spec);
  if (classPrompts !== undefined) return { kind: 'class-prompts', name: spec, prompts: (classnames) => classPromptLists(classPrompts, classnames, spec) };
  return { kind: 'templates', ...(await resolveTemplates(spec, datasetDefault)) };
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
