import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ClipEvalError, errorMessage } from '../../core/errors.js';
import type { Sample } from '../../core/sample.js';

/** Reads a file the benchmark needs; a missing one names it and what it should be. */
export async function readAnnotationText(root: string, path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new ClipEvalError('DATASET', `${path}: cannot read ${what} (${errorMessage(error)}); --data should be the benchmark root (${relative(root, path) || path} under it)`);
  }
}

/** A whole-file JSON annotation: a truncated or malformed file is one line naming it. */
export function parseJsonFile(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ClipEvalError('DATASET', `${path}: not valid JSON, truncated or malformed (${errorMessage(error)})`);
  }
}

/** JSON Lines: one object per non-blank line; a bad line is named by its number. */
export function parseJsonLines(text: string, path: string): { readonly line: number; readonly value: Record<string, unknown> }[] {
  const out: { line: number; value: Record<string, unknown> }[] = [];
  text.split('\n').forEach((raw, i) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      throw new ClipEvalError('DATASET', `${path}:${i + 1}: not a JSON object, truncated or malformed (${errorMessage(error)})`);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ClipEvalError('DATASET', `${path}:${i + 1}: expected a JSON object`);
    out.push({ line: i + 1, value: value as Record<string, unknown> });
  });
  return out;
}

/** A required non-empty string field of an annotation record. */
export function stringField(record: Record<string, unknown>, field: string, where: string): string {
  const value = record[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ClipEvalError('DATASET', `${where}: ${value === undefined ? 'has no' : 'has an empty or non-text'} "${field}"`);
  }
  return value;
}

/** A required finite number field. */
export function numberField(record: Record<string, unknown>, field: string, where: string): number {
  const value = record[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ClipEvalError('DATASET', `${where}: "${field}" should be a number, got ${JSON.stringify(value)}`);
  return value;
}

export function asRecord(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ClipEvalError('DATASET', `${where}: expected a JSON object, got ${JSON.stringify(value)?.slice(0, 40)}`);
  return value as Record<string, unknown>;
}

/** An image file of the benchmark as a sample (its id is the path relative to the root). */
export function fileSample(root: string, relativePath: string): Sample {
  return { id: relativePath, source: { kind: 'file', path: join(root, relativePath) }, label: 0 };
}
