import { readFile } from 'node:fs/promises';
import { ClipEvalError, errorMessage } from '../core/errors.js';

/**
 * Reads a list of strings from a user file: a JSON array of strings, or one entry per line (blank lines
 * and lines starting with # ignored). Used for template files and class-name files.
 */
export async function readTextList(path: string, what: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ClipEvalError('PROMPTS', `${what} file ${path}: ${errorMessage(error)}`);
  }
  if (text.trimStart().startsWith('[')) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new ClipEvalError('PROMPTS', `${what} file ${path}: invalid JSON: ${errorMessage(error)}`);
    }
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw new ClipEvalError('PROMPTS', `${what} file ${path}: expected a JSON array of strings`);
    }
    return value as string[];
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith('#'));
}
