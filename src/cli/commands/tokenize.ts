import { resolveBundle } from '../../model/detect.js';
import { openTextTokenizer } from '../../text/load-text-tokenizer.js';
import { defineCommand } from '../command.js';

export const tokenize = defineCommand({
  command: 'tokenize <texts..>',
  describe: "print a JSON array of token-id arrays, each padded to the model's context length",
  builder: (y) =>
    y
      .positional('texts', { type: 'string', array: true, demandOption: true, describe: 'texts to tokenize' })
      .option('model', { type: 'string', demandOption: true, describe: 'model folder (its tokenizer files and context length are used)' })
      .option('truncate', { type: 'boolean', default: false, describe: 'cut over-long texts (keeping the end token) instead of failing, as clip.tokenize(truncate=True)' }),
  async run(args) {
    const bundle = await resolveBundle(args.model);
    const tokenizer = await openTextTokenizer(bundle.tokenizer, { contextLength: bundle.contextLength, ...(bundle.padId !== undefined ? { padId: bundle.padId } : {}) });
    const { ids } = await tokenizer.tokenize(args.texts.map(String), { truncate: args.truncate });
    const width = tokenizer.contextLength;
    const rows: number[][] = [];
    for (let r = 0; r < args.texts.length; r++) rows.push(Array.from(ids.data.subarray(r * width, (r + 1) * width), Number));
    process.stdout.write(`[${rows.map((r) => JSON.stringify(r)).join(',\n')}]\n`);
  },
});
