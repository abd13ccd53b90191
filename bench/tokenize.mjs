// Tokenizer throughput: 80 templates x 1000 class names (80,000 prompts), as a zero-shot ImageNet
// classifier needs. Run after `npm run build`:
//   node bench/tokenize.mjs [MODEL_DIR]
// MODEL_DIR holds vocab.json + merges.txt (default ../shared/models/tiny-random-clip). Class names
// come from ../shared/data/label_spaces.json (imagenet1k) when present, else synthetic ones; the
// templates are the largest registered set if it has 80, else 80 synthetic ones.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TEMPLATE_SETS } from '../dist/prompts/registry.js';
import { loadTokenizer } from '../dist/text/tokenizer.js';

const root = join(import.meta.dirname, '..');
const modelDir = process.argv[2] ?? join(root, '../shared/models/tiny-random-clip');
const labelSpaces = join(root, '../shared/data/label_spaces.json');

function classNames() {
  if (existsSync(labelSpaces)) {
    // Rows are [wnid, index, curated CLIP name, WordNet names...].
    return { source: 'imagenet1k (label_spaces.json)', names: JSON.parse(readFileSync(labelSpaces, 'utf8')).imagenet1k.map((row) => row[2]) };
  }
  const names = Array.from({ length: 1000 }, (_, i) => `synthetic class ${i.toString(36)} ${['bird', 'dog', 'car', 'tree'][i % 4]}`);
  return { source: 'synthetic', names };
}

function templates() {
  const largest = Object.entries(TEMPLATE_SETS).sort((a, b) => b[1].length - a[1].length)[0];
  if (largest && largest[1].length >= 80) return { source: `template set ${largest[0]}`, templates: largest[1].slice(0, 80) };
  const styles = ['', 'bad ', 'cropped ', 'bright ', 'dark ', 'blurry ', 'close-up ', 'low resolution ', 'black and white ', 'jpeg corrupted '];
  const frames = ['a {s}photo of a {}.', 'a {s}photo of the {}.', 'a {s}rendering of a {}.', 'a {s}sketch of the {}.', 'itap of a {s}{}.', 'a {s}drawing of a {}.', 'a {s}painting of the {}.', 'art of the {s}{}.'];
  return { source: 'synthetic', templates: frames.flatMap((f) => styles.map((s) => f.replace('{s}', s))) };
}

const { source: classSource, names } = classNames();
const { source: templateSource, templates: set } = templates();
const prompts = names.flatMap((name) => set.map((t) => t.replace('{}', name)));

let start = performance.now();
const tokenizer = await loadTokenizer({ kind: 'vocab-merges', vocab: join(modelDir, 'vocab.json'), merges: join(modelDir, 'merges.txt') });
const loadSeconds = (performance.now() - start) / 1000;

start = performance.now();
const ids = tokenizer.tokenize(prompts, { contextLength: 77, truncate: true });
const seconds = (performance.now() - start) / 1000;

console.log(`classes: ${names.length} (${classSource}); templates: ${set.length} (${templateSource})`);
console.log(`vocabulary load: ${loadSeconds.toFixed(3)} s`);
console.log(`tokenized ${ids.dims[0]} prompts in ${seconds.toFixed(3)} s: ${Math.round(prompts.length / seconds)} prompts/s`);
