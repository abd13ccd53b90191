import { reportFolder } from '../../report/folder.js';
import { defineCommand } from '../command.js';

export const report = defineCommand({
  command: 'report <dir>',
  describe: 'render every result, saved section and *.vl.json plot under DIR into DIR/report.md and a self-contained DIR/report.html',
  builder: (y) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'output folder of one or more runs' })
      .option('title', { type: 'string', default: 'clip-eval report', describe: 'report title' }),
  async run(args) {
    const written = await reportFolder(args.dir, args.title);
    process.stderr.write(`${written.pngs.size} figures -> ${written.markdown}, ${written.html}\n`);
  },
});
