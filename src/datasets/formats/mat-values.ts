import { ClipEvalError } from '../../core/errors.js';
import type { MatValue } from './mat.js';

/**
 * Typed access to parsed MAT-file values. `what` says where the value came from (`setid.mat: trnid`) and
 * starts every error message, so that a file with an unexpected shape names itself.
 */

export function describeMat(value: MatValue): string {
  const size = value.dims.join('x');
  switch (value.kind) {
    case 'numeric':
      return `a ${size} ${value.logical ? 'logical' : value.className} array`;
    case 'char':
      return `a ${size} char array`;
    case 'cell':
      return `a ${size} cell array`;
    case 'struct':
      return `a ${size} struct array with fields ${value.fields.join(', ')}`;
    case 'unsupported':
      return `a ${size} ${value.className} array (not supported)`;
    default: {
      const never: never = value;
      return never;
    }
  }
}

function wrongKind(value: MatValue, what: string, expected: string): ClipEvalError {
  return new ClipEvalError('DATASET', `${what}: expected ${expected}, found ${describeMat(value)}`);
}

/** A named variable of a parsed file; a missing one names the variables that are there. */
export function matVariable(variables: ReadonlyMap<string, MatValue>, name: string, file: string): MatValue {
  const value = variables.get(name);
  if (value === undefined) {
    throw new ClipEvalError('DATASET', `${file}: no variable '${name}' (found: ${[...variables.keys()].join(', ') || 'none'})`);
  }
  return value;
}

/** The real values of a numeric array as numbers, in column-major order. */
export function matNumbers(value: MatValue, what: string): number[] {
  if (value.kind !== 'numeric') throw wrongKind(value, what, 'a numeric array');
  return Array.from(value.real as ArrayLike<number | bigint>, Number);
}

/** A char array holding one string (a row or column vector; an empty array is ''). */
export function matText(value: MatValue, what: string): string {
  if (value.kind !== 'char') throw wrongKind(value, what, 'a char array');
  if (value.dims.filter((d) => d > 1).length > 1) throw wrongKind(value, what, 'a single string (one row of characters)');
  return value.text;
}

/** A cell array of strings, in column-major order. */
export function matCellTexts(value: MatValue, what: string): string[] {
  if (value.kind !== 'cell') throw wrongKind(value, what, 'a cell array of strings');
  return value.cells.map((cell, i) => matText(cell, `${what}{${i + 1}}`));
}

/** One field of element `index` (0-based, column-major) of a struct array. */
export function matField(value: MatValue, index: number, field: string, what: string): MatValue {
  if (value.kind !== 'struct') throw wrongKind(value, what, 'a struct array');
  const element = value.elements[index];
  if (element === undefined) throw new ClipEvalError('DATASET', `${what}: struct array has ${value.elements.length} elements, asked for element ${index + 1}`);
  const found = element.get(field);
  if (found === undefined) throw new ClipEvalError('DATASET', `${what}: struct has no field '${field}' (fields: ${value.fields.join(', ')})`);
  return found;
}

/** The number of elements of any value: the product of its dimensions. */
export function matLength(value: MatValue): number {
  return value.dims.reduce((a, b) => a * b, 1);
}
