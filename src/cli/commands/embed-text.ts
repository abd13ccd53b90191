import { readFile } from 'node:fs/promises';
import { ClipEvalError, errorMessage } from '../../core/errors.js';
import { openRuntime } from '../../features/runtime.js';
import { embedTexts } from '../../features/text-features.js';
import { writeMatrixNpy } from '../../core/npy-writer.js';
import { defineCommand } from '../command.js';
import { withModel } from '../options.js';
import { runtimeOptions } from '../runtime-args.js';

export const embedText = defineCommand({
  command: 'embed-text [texts..]',
  describe: "write the text tower's raw [N,D] float32 output for the texts, in order, to a .npy file",
  builder: (y) =>
    withModel(y)
      .positional('texts', { type: 'string', array: true, describe: 'texts (or use --file)' })
      .option('file', { type: 'string', describe: 'a file with one text per line' })
      .option('out', { type: 'string', demandOption: true, describe: 'output .npy file' }),
  async run(args) {
    const texts = [...(args.file ? await readLines(args.file) : []), ...(args.texts ?? []).map(String)];
    if (texts.length === 0) throw new ClipEvalError('USAGE', 'embed-text needs texts: pass them as arguments or with --file');
    const runtime = await openRuntime({ ...runtimeOptions(args), decodeWorkers: 0, cacheDir: null });
    try {
      await writeMatrixNpy(args.out, await embedTexts(runtime, texts));
    } finally {
      await runtime.close();
    }
  },
});

/** One text per line, kept as written (a final newline does not make an extra text). */
async function readLines(path: string): Promise<string[]> {
  try {
    return (await readFile(path, 'utf8')).replace(/\r?\n$/, '').split(/\r?\n/);
  } catch (error) {
    throw new ClipEvalError('USAGE', `--file ${path}: ${errorMessage(error)}`);
  }
}
