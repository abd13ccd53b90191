// Golden ids for the tokenizer.json fixtures from Hugging Face's Rust `tokenizers`, the library behind
// Python's `tokenizers` and transformers' fast tokenizers, through its Node binding (npm package `tokenizers`,
// the same crate; PyPI is out of reach here). clip-eval runs tokenizer.json with the same library, so these
// goldens check clip-eval's use of it (truncation, padding, pad token, post-processor, cleaning), the library
// being the reference itself. Run after tools/make-tokenizer-fixtures.py has written the fixtures:
//
//   node tools/tokenizer-json-oracle.mjs [PATH/node_modules/tokenizers]   (default: this checkout's)
// For each golden.json of a tokenizer.json
// fixture it does what `PreTrainedTokenizerFast.__call__(texts, padding="max_length", truncation=True,
// max_length=L)` asks of the backend (transformers/tokenization_utils_fast.py, set_truncation_and_padding):
// truncation longest-first to L on the right, padding on the right to L with the configured pad token,
// special tokens added, then encode_batch; and writes ids and attention masks back.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const modulePath = process.argv[2] ?? join(import.meta.dirname, '../node_modules/tokenizers');
const { Tokenizer } = createRequire(import.meta.url)(resolve(modulePath));
const version = JSON.parse(readFileSync(join(resolve(modulePath), 'package.json'), 'utf8')).version;
const root = join(import.meta.dirname, '../test/text/fixtures/tokenizers');

for (const name of ['siglip-json', 'gemma', 'xlmr', 'bert']) {
  const dir = join(root, name);
  const golden = JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8'));
  const config = JSON.parse(readFileSync(join(dir, 'tokenizer_config.json'), 'utf8'));
  const padToken = typeof config.pad_token === 'string' ? config.pad_token : config.pad_token.content;
  const tokenizer = Tokenizer.fromFile(join(dir, 'tokenizer.json'));
  const padId = tokenizer.tokenToId(padToken);
  if (padId !== golden.padId) throw new Error(`${name}: pad token ${padToken} is id ${padId}, the golden header says ${golden.padId}`);
  tokenizer.setTruncation(golden.contextLength, { strategy: 'LongestFirst', direction: 'right', stride: 0 });
  tokenizer.setPadding({ maxLength: golden.contextLength, padId, padToken, padTypeId: 0, direction: 'right' });
  const encodings = await tokenizer.encodeBatch(golden.cases.map((c) => c.input), { addSpecialTokens: true });
  golden.reference = `Hugging Face tokenizers ${version} (Rust, Node binding), as PreTrainedTokenizerFast calls it`;
  golden.cases.forEach((c, i) => {
    c.ids = encodings[i].getIds();
    c.attention_mask = encodings[i].getAttentionMask();
  });
  const { cases, ...header } = golden;
  const head = JSON.stringify(header).slice(0, -1);
  writeFileSync(join(dir, 'golden.json'), `${head},"cases":[\n${cases.map((c) => JSON.stringify(c)).join(',\n')}\n]}\n`);
  console.log(`${name}: ${cases.length} cases`);
}
