import { resolveBundle } from '../../model/detect.js';
import { tokenizerHints } from '../../model/bundle.js';
import { openTextTokenizer } from '../../text/load-text-tokenizer.js';
import { defineCommand } from '../command.js';
import { gatherOperands } from '../operands.js';

export const tokenize = defineCommand({
  command: 'tokenize [texts..]',
  operands: 'texts',
  describe: "print a JSON array of token-id arrays, each padded to the model's context length",
  builder: (y) =>
    y
      .positional('texts', { type: 'string', array: true, describe: "texts to tokenize ('-': one per line from standard input; after --: taken as texts even when they start with -)" })
      .option('file', { type: 'string', describe: 'a file with one text per line (- = standard input), before the arguments' })
      .option('model', { type: 'string', demandOption: true, describe: 'model folder (its tokenizer files and context length are used)' })
      .option('truncate', { type: 'boolean', default: false, describe: 'cut over-long texts (keeping the end token) instead of failing, as clip.tokenize(truncate=True)' }),
  async run(args) {
    const texts = await gatherOperands(args.texts, args.file, 'texts', 'tokenize');
    const bundle = await resolveBundle(args.model);
    const tokenizer = await openTextTokenizer(bundle.tokenizer, tokenizerHints(bundle));
    const { ids } = await tokenizer.tokenize(texts, { truncate: args.truncate });
    const width = tokenizer.contextLength;
    const rows: number[][] = [];
    for (let r = 0; r < texts.length; r++) rows.push(Array.from(ids.data.subarray(r * width, (r + 1) * width), Number));
    process.stdout.write(`[${rows.map((r) => JSON.stringify(r)).join(',\n')}]\n`);
  },
});
