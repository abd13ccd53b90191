import { readFile } from 'node:fs/promises';
import { ClipEvalError, errorMessage } from '../core/errors.js';

/** Class-specific prompts (CuPL style): each class name mapped to its own prompts, no `{}` placeholder. */
export type ClassPrompts = Readonly<Record<string, readonly string[]>>;

function fail(path: string, message: string): never {
  throw new ClipEvalError('PROMPTS', `class-prompt file ${path}: ${message}`);
}

/**
 * Reads a prompt file that holds a JSON object (CuPL's released `CuPL_prompts_<dataset>.json` shape:
 * `{ "class name": ["prompt", ...], ... }`); undefined when the file is not one (a template list or set name).
 */
export async function readClassPromptFile(path: string): Promise<ClassPrompts | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined; // not a readable file: the template resolver reports it
  }
  if (!text.trimStart().startsWith('{')) return undefined;
  // A template list, one per line, may start with `{}` too: only a .json file or a parsed non-empty object counts.
  const isJson = /\.json$/i.test(path);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (!isJson) return undefined;
    fail(path, `invalid JSON: ${errorMessage(error)}`);
  }
  if (!isJson && value !== null && typeof value === 'object' && Object.keys(value).length === 0) return undefined;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(path, 'expected a JSON object mapping each class name to a list of prompts');
  for (const [name, prompts] of Object.entries(value)) {
    if (!Array.isArray(prompts)) fail(path, `class ${JSON.stringify(name)}: expected a list of prompts, got ${typeof prompts}`);
    if (prompts.length === 0) fail(path, `class ${JSON.stringify(name)}: empty list of prompts (give it at least one)`);
    const bad = prompts.findIndex((p) => typeof p !== 'string');
    if (bad >= 0) fail(path, `class ${JSON.stringify(name)}: prompt ${bad + 1} is ${JSON.stringify(prompts[bad])}, not a string`);
  }
  return value as ClassPrompts;
}

function some(names: readonly string[]): string {
  const shown = names.slice(0, 5).map((n) => JSON.stringify(n)).join(', ');
  return names.length > 5 ? `${shown} and ${names.length - 5} more` : shown;
}

/**
 * Each class's own prompts, in class order. The file must name exactly the dataset's classes: a class
 * missing is an error, and so is a name the dataset lacks (a typo would otherwise be silently ignored).
 */
export function classPromptLists(prompts: ClassPrompts, classnames: readonly string[], path: string): string[][] {
  const missing = [...new Set(classnames.filter((c) => !Object.hasOwn(prompts, c)))];
  if (missing.length > 0) fail(path, `no prompts for ${missing.length} of the dataset's ${classnames.length} classes: ${some(missing)}`);
  const known = new Set(classnames);
  const extra = Object.keys(prompts).filter((k) => !known.has(k));
  if (extra.length > 0) fail(path, `${extra.length} names are not classes of the dataset (a typo?): ${some(extra)}`);
  return classnames.map((c) => [...prompts[c]!]);
}
