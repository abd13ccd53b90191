import type { Argv, ArgumentsCamelCase } from 'yargs';

/** One CLI command: flags in `builder`, the work in `run` (a thin call into the library). */
export interface CliCommand<A = any> {
  readonly command: string;
  readonly describe: string;
  builder(yargs: Argv): Argv<A>;
  run(args: ArgumentsCamelCase<A>): Promise<void>;
}

/** Keeps the flag types of `builder` flowing into `run`. */
export function defineCommand<A>(command: CliCommand<A>): CliCommand<A> {
  return command;
}
