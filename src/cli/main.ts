import yargs from 'yargs';
import { ClipEvalError, isClipEvalError, usageError } from '../core/errors.js';
import { checkOutputFile, checkOutputFolder, fileSystemError } from '../core/fs.js';
import { HARNESS_VERSION } from '../core/version.js';
import type { CliCommand } from './command.js';
import { commandsFor } from './commands/loaders.js';
import { STDIN_OPERAND } from './operands.js';

export interface ParsedCli {
  readonly command: CliCommand;
  readonly args: Record<string, unknown>;
}

/** yargs drops a lone `-` among positionals; it travels through the parser as this placeholder. */
const DASH = '\u0000-';

/** The arguments before `--` (options are read only there; everything after it is an operand). */
function beforeOperands(argv: readonly string[]): readonly string[] {
  const end = argv.indexOf('--');
  return end < 0 ? argv : argv.slice(0, end);
}

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Restores the `-` placeholders in every parsed value. */
function restoreDash(value: unknown): unknown {
  if (value === DASH) return STDIN_OPERAND;
  if (Array.isArray(value)) return value.map(restoreDash);
  return value;
}

/**
 * A yargs middleware (yargs passes its instance second; its typings omit it): an option that takes one
 * value but was given several times is a usage error, never a silent pick.
 */
function refuseRepeatedOptions(args: Record<string, unknown>, parser: { getOptions(): { array: readonly string[] } }): void {
  const arrays = new Set(parser.getOptions().array);
  for (const [key, value] of Object.entries(args)) {
    if (key === '_' || key === '--' || key === '$0' || !Array.isArray(value)) continue;
    if (!arrays.has(key) && !arrays.has(kebab(key))) throw usageError(`--${kebab(key)} was given ${value.length} times (${value.map((v) => `'${String(v)}'`).join(', ')}); give it once`);
  }
}

/**
 * Parses argv without running anything: returns the chosen command and its flags, or undefined when yargs
 * answered by itself (--help, --version). Usage problems throw a ClipEvalError with code USAGE: an option
 * given twice that takes one value, operands after `--` for a command that takes none.
 */
export async function parseArgs(argv: readonly string[], print: (text: string) => void = (t) => process.stdout.write(t + '\n')): Promise<ParsedCli | undefined> {
  let chosen: ParsedCli | undefined;
  const end = argv.indexOf('--');
  const marked = argv.map((a, i) => (a === '-' && (end < 0 || i < end) ? DASH : a));
  const parser = yargs([...marked])
    .scriptName('clip-eval')
    .version(HARNESS_VERSION)
    .parserConfiguration({ 'populate--': true })
    .option('debug', { type: 'boolean', default: false, describe: 'print stack traces for every error' })
    .strict()
    .demandCommand(1, 'name a command (clip-eval --help lists them)')
    .recommendCommands()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, error) => {
      throw error ?? usageError(message);
    });
  for (const command of await commandsFor(marked)) {
    parser.command(command.command, command.describe, (y) => command.builder(y).middleware(refuseRepeatedOptions as never), (args) => {
      chosen = { command, args };
    });
  }
  let output = '';
  await parser.parseAsync([...marked], {}, (_err, _args, text) => {
    output = text;
  });
  if (chosen === undefined && output) print(output);
  if (chosen === undefined) return undefined;
  const { command } = chosen;
  const args: Record<string, unknown> = Object.fromEntries(Object.entries(chosen.args).map(([k, v]) => [k, restoreDash(v)]));
  const operands = ((args['--'] as unknown[] | undefined) ?? []).map(String);
  delete args['--'];
  if (operands.length > 0) {
    if (!command.operands) throw usageError(`${command.command.split(' ')[0]} takes no operands, but got ${operands.map((o) => `'${o}'`).join(' ')} after --`);
    const before = (args[command.operands] as unknown[] | undefined) ?? [];
    args[command.operands] = [...before.map(String), ...operands];
  }
  return { command, args };
}

/** Checks --out and --cache-dir before any work starts (one line for a file, an empty or read-only place, /proc). */
async function checkPaths(parsed: ParsedCli): Promise<void> {
  const { out, cacheDir, cache } = parsed.args as { out?: unknown; cacheDir?: unknown; cache?: unknown };
  if (typeof out === 'string') await (parsed.command.outIsFile ? checkOutputFile(out, '--out') : checkOutputFolder(out, '--out'));
  if (typeof cacheDir === 'string' && cache !== false) await checkOutputFolder(cacheDir, '--cache-dir');
}

/** Where a command writes, to name in an error that names no file (a full disk under a write). */
function outputPlaces(parsed: ParsedCli): string | undefined {
  const { out, cacheDir, cache } = parsed.args as { out?: unknown; cacheDir?: unknown; cache?: unknown };
  const places = [typeof out === 'string' ? `--out ${out}` : '', typeof cacheDir === 'string' && cache !== false ? `--cache-dir ${cacheDir}` : ''].filter(Boolean);
  return places.length ? `writing to ${places.join(' or ')}` : undefined;
}

/**
 * Runs the CLI; returns the exit status. The one place where known errors (a ClipEvalError, or a
 * filesystem error on a known path: full disk, read-only place, ...) print one line and exit 1 (2 for
 * usage), and anything else prints its stack and exits 70.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const debug = beforeOperands(argv).includes('--debug');
  let places: string | undefined;
  try {
    const parsed = await parseArgs(argv);
    if (parsed) {
      places = outputPlaces(parsed);
      await checkPaths(parsed);
      await parsed.command.run(parsed.args as never);
    }
    return 0;
  } catch (caught) {
    const error = fileSystemError(caught, undefined, places) ?? caught;
    if (isClipEvalError(error)) {
      process.stderr.write(`clip-eval: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
      if (debug && error.stack) process.stderr.write(error.stack + '\n');
      return error.exitCode;
    }
    process.stderr.write(`clip-eval: internal error (please report it with this trace):\n${(error as Error)?.stack ?? String(error)}\n`);
    return 70;
  }
}

export { ClipEvalError };
