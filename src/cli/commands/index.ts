import type { CliCommand } from '../command.js';

/** Every CLI command, keyed by name; one file each under src/cli/commands/. */
export const COMMANDS = {} as const satisfies Record<string, CliCommand>;
