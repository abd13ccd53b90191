import type { CliCommand } from '../command.js';

/**
 * Each CLI command's module, imported only when that command runs: `clip-eval zeroshot` loads zeroshot's
 * code and not the renderer, the demo or every dataset adapter (importing all of them took about a second
 * before any work began). Keys and values are those of COMMANDS (index.ts), which a test checks.
 */
export const COMMAND_LOADERS = {
  demo: async () => (await import('./demo.js')).demo,
  zeroshot: async () => (await import('./zeroshot.js')).zeroshot,
  embed: async () => (await import('./embed.js')).embed,
  inspect: async () => (await import('./inspect.js')).inspect,
  tokenize: async () => (await import('./tokenize.js')).tokenize,
  preprocess: async () => (await import('./preprocess.js')).preprocess,
  'embed-text': async () => (await import('./embed-text.js')).embedText,
  datasets: async () => (await import('./datasets.js')).datasets,
  tasks: async () => (await import('./tasks.js')).tasks,
  merge: async () => (await import('./merge.js')).merge,
  'linear-probe': async () => (await import('./linear-probe.js')).linearProbe,
  retrieval: async () => (await import('./retrieval.js')).retrieval,
  robustness: async () => (await import('./robustness.js')).robustness,
  fairness: async () => (await import('./fairness.js')).fairness,
  templates: async () => (await import('./templates.js')).templates,
  results: async () => (await import('./results.js')).results,
  report: async () => (await import('./report.js')).report,
  compositionality: async () => (await import('./compositionality.js')).compositionality,
} as const satisfies Record<string, () => Promise<CliCommand>>;

export type CommandName = keyof typeof COMMAND_LOADERS;

/**
 * The commands argv needs: only the one it names (the first word that is not an option), or all of them
 * when it names none or an unknown one (top-level --help, --version, a typo yargs suggests a fix for).
 */
export async function commandsFor(argv: readonly string[]): Promise<CliCommand[]> {
  const end = argv.indexOf('--');
  const name = (end < 0 ? argv : argv.slice(0, end)).find((a) => !a.startsWith('-'));
  if (name !== undefined && Object.hasOwn(COMMAND_LOADERS, name)) return [await COMMAND_LOADERS[name as CommandName]()];
  return Promise.all(Object.values(COMMAND_LOADERS).map((load) => load()));
}
