import { mergeResults } from '../../results/merge.js';
import { defineCommand } from '../command.js';

/** `results <subcommand>`: a positional with choices, as main.ts dispatches on top-level handlers only. */
export const results = defineCommand({
  command: 'results <subcommand> <dirs..>',
  operands: 'dirs',
  describe: 'the results store: `results merge --out DIR DIR...` joins results.jsonl of several runs or machines',
  builder: (y) =>
    y
      .positional('subcommand', { type: 'string', choices: ['merge'] as const, demandOption: true, describe: 'merge: rows of every results.jsonl at or below the folders, duplicates dropped' })
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'run folders (searched recursively)' })
      .option('out', { type: 'string', demandOption: true, describe: 'folder for the merged results.jsonl, results.csv and CLIP_benchmark JSON files' }),
  async run(args) {
    switch (args.subcommand) {
      case 'merge': {
        const summary = await mergeResults(args.out, args.dirs.map(String));
        process.stderr.write(`${summary.rows} rows from ${summary.folders.length} folders (${summary.duplicates} duplicates dropped) -> ${args.out}/results.jsonl, results.csv\n`);
        return;
      }
      default: {
        const never: never = args.subcommand;
        throw new Error(`unknown results subcommand ${String(never)}`);
      }
    }
  },
});
