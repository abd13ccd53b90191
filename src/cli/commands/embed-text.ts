import { openRuntime } from '../../features/runtime.js';
import { embedTexts } from '../../features/text-features.js';
import { writeMatrixNpy } from '../../core/npy-writer.js';
import { defineCommand } from '../command.js';
import { withModel } from '../options.js';
import { runtimeOptions } from '../runtime-args.js';
import { gatherOperands } from '../operands.js';

export const embedText = defineCommand({
  command: 'embed-text [texts..]',
  operands: 'texts',
  outIsFile: true,
  describe: "write the text tower's raw [N,D] float32 output for the texts, in order, to a .npy file",
  builder: (y) =>
    withModel(y)
      .positional('texts', { type: 'string', array: true, describe: "texts ('-': one per line from standard input; after --: taken as texts even when they start with -)" })
      .option('file', { type: 'string', describe: 'a file with one text per line (- = standard input), before the arguments' })
      .option('out', { type: 'string', demandOption: true, describe: 'output .npy file' }),
  async run(args) {
    const texts = await gatherOperands(args.texts, args.file, 'texts', 'embed-text');
    const runtime = await openRuntime({ ...runtimeOptions(args), decodeWorkers: 0, cacheDir: null });
    try {
      await writeMatrixNpy(args.out, await embedTexts(runtime, texts));
    } finally {
      await runtime.close();
    }
  },
});

