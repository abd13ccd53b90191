// Renders the emoji-shift suite, the training corpus included, for train.py. Run after `npm run build`:
//   node tools/train-tiny-clip/build-suite.mjs [ROOT] [CORPUS_COPIES]
// ROOT defaults to .cache/train-tiny-clip/suite; the evaluation splits use the suite's default options, so
// the figures train.py measures are on the same images `clip-eval demo` renders.
import { resolve } from 'node:path';
import { buildEmojiSuite } from '../../dist/datasets/emoji/build.js';
import { SPLIT_NAMES } from '../../dist/datasets/emoji/splits.js';

const root = resolve(process.argv[2] ?? '.cache/train-tiny-clip/suite');
const corpus = Number(process.argv[3] ?? 30);
const manifest = await buildEmojiSuite({ root, splits: SPLIT_NAMES, copies: { corpus } });
for (const [name, split] of Object.entries(manifest.splits)) {
  console.error(`${name}: ${split.classnames.length} classes, ${split.items.length} images, ${split.skipped.length} skipped`);
}
console.log(root);
