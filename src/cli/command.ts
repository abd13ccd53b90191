import type { Argv, ArgumentsCamelCase } from 'yargs';

/** One CLI command: flags in `builder`, the work in `run` (a thin call into the library). */
export interface CliCommand<A = any> {
  readonly command: string;
  readonly describe: string;
  /**
   * The variadic positional that receives the operands after `--` (in order, after the ones before it);
   * a command without one refuses operands after `--`.
   */
  readonly operands?: string;
  /** `--out` names a file (checked: its folder is writable, it is not a folder), not an output folder. */
  readonly outIsFile?: boolean;
  builder(yargs: Argv): Argv<A>;
  run(args: ArgumentsCamelCase<A>): Promise<void>;
}

/** Keeps the flag types of `builder` flowing into `run`. */
export function defineCommand<A>(command: CliCommand<A>): CliCommand<A> {
  return command;
}
