import yargs from 'yargs';
import { ClipEvalError, isClipEvalError, usageError } from '../core/errors.js';
import { HARNESS_VERSION } from '../core/version.js';
import type { CliCommand } from './command.js';
import { COMMANDS } from './commands/index.js';

export interface ParsedCli {
  readonly command: CliCommand;
  readonly args: Record<string, unknown>;
}

/**
 * Parses argv without running anything: returns the chosen command and its flags, or undefined when yargs
 * answered by itself (--help, --version). Usage problems throw a ClipEvalError with code USAGE.
 */
export async function parseArgs(argv: readonly string[], print: (text: string) => void = (t) => process.stdout.write(t + '\n')): Promise<ParsedCli | undefined> {
  let chosen: ParsedCli | undefined;
  const parser = yargs([...argv])
    .scriptName('clip-eval')
    .version(HARNESS_VERSION)
    .option('debug', { type: 'boolean', default: false, describe: 'print stack traces for every error' })
    .strict()
    .demandCommand(1, 'name a command (clip-eval --help lists them)')
    .recommendCommands()
    .exitProcess(false)
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, error) => {
      throw error ?? usageError(message);
    });
  for (const command of Object.values(COMMANDS) as CliCommand[]) {
    parser.command(command.command, command.describe, (y) => command.builder(y), (args) => {
      chosen = { command, args };
    });
  }
  let output = '';
  await parser.parseAsync([...argv], {}, (_err, _args, text) => {
    output = text;
  });
  if (chosen === undefined && output) print(output);
  return chosen;
}

/** Runs the CLI; returns the exit status. Known errors print one line; unknown ones print their stack. */
export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const parsed = await parseArgs(argv);
    if (parsed) await parsed.command.run(parsed.args as never);
    return 0;
  } catch (error) {
    if (isClipEvalError(error)) {
      process.stderr.write(`clip-eval: ${error.message}\n`);
      if (debug && error.stack) process.stderr.write(error.stack + '\n');
      return error.exitCode;
    }
    process.stderr.write(`clip-eval: internal error (please report it with this trace):\n${(error as Error)?.stack ?? String(error)}\n`);
    return 70;
  }
}

export { ClipEvalError };
