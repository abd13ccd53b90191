import { readFile } from 'node:fs/promises';
import { ClipEvalError, errorMessage, oneLine } from '../core/errors.js';

/** Reads a JSON object from a model folder; a broken file is an error naming it. */
export async function readJsonObject(path: string): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ClipEvalError('MODEL', `${path}: cannot read: ${errorMessage(error)}`);
  }
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (error) {
    throw new ClipEvalError('MODEL', `${path}: invalid JSON: ${oneLine(errorMessage(error))}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
