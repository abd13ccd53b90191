import { readFile } from 'node:fs/promises';
import { ClipEvalError, errorMessage, usageError } from '../core/errors.js';

/** The operand that stands for standard input (POSIX): its lines are read as operands in its place. */
export const STDIN_OPERAND = '-';

/** One item per line, kept as written (a final newline does not make an extra item). */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  return text.replace(/\r?\n$/, '').split(/\r?\n/);
}

let stdinLines: Promise<string[]> | undefined;

/** Standard input's lines, read once however many times `-` is given. */
function readStdinLines(): Promise<string[]> {
  stdinLines ??= (async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return splitLines(Buffer.concat(chunks).toString('utf8'));
  })();
  return stdinLines;
}

async function readLinesFile(path: string, flag: string): Promise<string[]> {
  if (path === STDIN_OPERAND) return readStdinLines();
  try {
    return splitLines(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ClipEvalError('USAGE', `${flag} ${path}: ${errorMessage(error)}`);
  }
}

/**
 * The items of a command, in order: those of `--file` (one per line; `-` = standard input) first, then
 * each operand, `-` replaced by standard input's lines. None given is a usage error naming `what`.
 */
export async function gatherOperands(operands: readonly unknown[] | undefined, file: string | undefined, what: string, command: string): Promise<string[]> {
  const items = file !== undefined ? await readLinesFile(file, '--file') : [];
  for (const operand of (operands ?? []).map(String)) {
    if (operand === STDIN_OPERAND) items.push(...(await readStdinLines()));
    else items.push(operand);
  }
  if (items.length === 0) throw usageError(`${command} needs ${what}: pass them as arguments (after -- if they start with -), '-' for standard input, or with --file`);
  return items;
}
