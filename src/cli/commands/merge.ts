import { mergeZeroShotShards } from '../../tasks/merge-shards.js';
import { defineCommand } from '../command.js';

export const merge = defineCommand({
  command: 'merge <shards..>',
  operands: 'shards',
  describe: "combine the output folders of 'zeroshot --shard I/N' runs into the outputs of one run",
  builder: (y) =>
    y
      .positional('shards', { type: 'string', array: true, demandOption: true, describe: 'shard output folders' })
      .option('out', { type: 'string', demandOption: true, describe: 'folder for the merged outputs (must not hold results yet)' }),
  async run(args) {
    const metrics = await mergeZeroShotShards(args.shards.map(String), args.out);
    process.stderr.write(`merged ${args.shards.length} shards: ${metrics.n} images, top-1 ${(100 * metrics.top1).toFixed(2)}% -> ${args.out}\n`);
  },
});
