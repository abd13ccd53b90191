#!/usr/bin/env node
// Runs a fixed sequence of clip-eval commands (the demo, zero-shot on the test models and dataset fixtures,
// embed, embed-text, tokenize, preprocess, inspect, datasets, linear probes, a sharded zero-shot and its
// merge, template comparison, robustness, fairness, results merge and report) into one folder, so that the
// outputs of two checkouts can be compared file by file with compare.mjs (issue 12: refactor equivalence).
//
// Usage: node tools/equivalence/run.mjs --out DIR [--cli PATH/bin/clip-eval.js] [--skip-demo]
//
// Every command runs with `node CLI` from the root of the CLI's checkout (so model and dataset paths are the
// checkout's own fixtures and are recorded as relative paths; the three steps that read a file the sequence
// made start in DIR instead and name it relatively, because those paths enter config_hash), with its own fresh cache (--cache-dir and
// CLIP_EVAL_CACHE under DIR/_cache/<step>, so every run is cold), --threads 1 where the command has it (the
// results must not depend on the machine's core count), TZ=UTC, stdout and stderr into DIR/logs/.
// Layout of DIR:
//   steps.json           the commands in order (DIR and the checkout written as <OUT> and <CHECKOUT>), exit codes, seconds
//   _run.json            which CLI and checkout (commit), node version, when, total seconds (not compared)
//   inputs/              files the sequence makes or copies for itself (templates, texts, synthetic features, testbed table)
//   demo/                clip-eval demo --out
//   runs/<step>/         every other command's --out (report renders runs/ into runs/report.md and report.html)
//   results-merged/      results merge --out
//   logs/<step>.stdout.txt, logs/<step>.stderr.txt
//   _cache/<step>/       feature caches and the demo's rendered emoji-shift suite (inputs; not compared)
// Exit status: 0 when every command exited 0, 1 otherwise (the failures are listed), 2 for wrong usage.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = dirname(fileURLToPath(import.meta.url));

function usage(message) {
  process.stderr.write(`${message}\nusage: node tools/equivalence/run.mjs --out DIR [--cli PATH/bin/clip-eval.js] [--skip-demo]\n`);
  process.exit(2);
}

function parseArgs(argv) {
  const opts = { out: undefined, cli: join(HERE, '..', '..', 'bin', 'clip-eval.js'), skipDemo: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--out' || a === '--cli') {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      opts[a.slice(2)] = v;
    } else if (a === '--skip-demo') opts.skipDemo = true;
    else if (a === '--help' || a === '-h') usage('');
    else usage(`unknown argument ${a}`);
  }
  if (!opts.out) usage('--out DIR is required');
  return opts;
}

const opts = parseArgs(process.argv.slice(2));
const OUT = resolve(opts.out);
const CLI = resolve(opts.cli);
const ROOT = resolve(dirname(CLI), '..'); // the checkout the CLI belongs to: fixtures are read from there
if (!existsSync(CLI)) usage(`no CLI at ${CLI}`);
if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js'))) usage(`${ROOT} has no dist/cli/main.js: run npm run build there first`);
if (existsSync(OUT) && readdirSync(OUT).length > 0) usage(`${OUT} is not empty: give a new folder (runs must start cold)`);
mkdirSync(OUT, { recursive: true });

const INPUTS = join(OUT, 'inputs');
const RUNS = join(OUT, 'runs');
const LOGS = join(OUT, 'logs');
for (const d of [INPUTS, RUNS, LOGS]) mkdirSync(d, { recursive: true });

// ---------------------------------------------------------------------------------------------------------
// Inputs the sequence makes for itself (deterministic: same bytes on every run).

/** NumPy .npy v1.0 bytes of a little-endian float32 or int64 array. */
function npy(descr, shape, data) {
  const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const unpadded = 10 + dict.length + 1;
  const header = `${dict}${' '.repeat((64 - (unpadded % 64)) % 64)}\n`;
  const pre = Buffer.alloc(10);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]).copy(pre);
  pre.writeUInt16LE(header.length, 8);
  return Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]);
}

/** mulberry32: a tiny seeded PRNG (integer arithmetic only, so identical everywhere). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Three overlapping Gaussian-ish classes in 8 dimensions (noise: sum of 4 uniforms), train and test. */
function writeSyntheticFeatures(dir) {
  mkdirSync(dir, { recursive: true });
  const classes = 3;
  const dims = 8;
  const next = rng(12);
  const means = Array.from({ length: classes }, () => Array.from({ length: dims }, () => 2 * next() - 1));
  for (const [split, perClass] of [['train', 40], ['test', 20]]) {
    const n = classes * perClass;
    const x = new Float32Array(n * dims);
    const y = new BigInt64Array(n);
    for (let i = 0; i < n; i++) {
      const c = i % classes;
      y[i] = BigInt(c);
      for (let d = 0; d < dims; d++) x[i * dims + d] = means[c][d] + (next() + next() + next() + next() - 2) * 0.9;
    }
    writeFileSync(join(dir, `${split}_x.npy`), npy('<f4', [n, dims], x));
    writeFileSync(join(dir, `${split}_y.npy`), npy('<i8', [n], y));
  }
}

writeSyntheticFeatures(join(INPUTS, 'features'));
writeFileSync(join(INPUTS, 'texts.txt'), ['a photo of a dog.', 'A PHOTO OF A CAT!', 'caf\u00e9 &amp; cr\u00e8me br\u00fbl\u00e9e', 'an emoji \u{1F436} and    spaces', "it's the dog's toy"].join('\n') + '\n');
writeFileSync(join(INPUTS, 'templates.txt'), ['a photo of a {}.', 'a blurry photo of the {}.', 'a drawing of a {}', '{}'].join('\n') + '\n');
writeFileSync(join(INPUTS, 'cifar-subset.txt'), ['a photo of the {}.', 'a blurry photo of the {}.', 'a photo of a big {}.'].join('\n') + '\n');
writeFileSync(join(INPUTS, 'cifar10-classnames.json'), JSON.stringify(['aeroplane', 'car', 'small bird', 'house cat', 'deer', 'puppy', 'frog', 'horse', 'ship', 'lorry']));
// The imagenet-testbed accuracy table (../shared/data beside the checkout, as the tests use it), copied in so
// that the robustness inputs are part of the compared tree; the robustness step is left out without it.
const TESTBED = join(ROOT, '..', 'shared', 'data');
const hasTestbed = existsSync(join(TESTBED, 'robustness_top1s.csv')) && existsSync(join(TESTBED, 'testbed_model_types.csv'));
if (hasTestbed) {
  mkdirSync(join(INPUTS, 'testbed'), { recursive: true });
  for (const f of ['robustness_top1s.csv', 'testbed_model_types.csv']) copyFileSync(join(TESTBED, f), join(INPUTS, 'testbed', f));
}

// ---------------------------------------------------------------------------------------------------------
// The sequence. Paths to models and datasets are relative to the checkout (the commands run there).

const FX = 'test/fixtures';
const DS = (name) => `${FX}/datasets/${name}`;
const M = { combined: `${FX}/models/combined`, manifest: `${FX}/models/manifest`, fp16: `${FX}/models/hf-fp16`, tiny: 'models/tiny-clip' };
const run = (name) => join(RUNS, name);
const cache = (name) => join(OUT, '_cache', name);
const IMAGES = ['cmyk_40x30.jpg', 'palette_60x45.gif', 'rgba_lossless_80x60.webp', 'gray16_edges_20x16.png', 'exif6_60x40.jpg', 'tall_30x200.png'].map((f) => `${FX}/image/images/${f}`);

/** A step: its name, the CLI arguments, and whether it gets --cache-dir / --threads 1 (the commands that have them). */
const steps = [];
function step(name, args, { cacheDir = false, threads = false, skip = null, cwd = ROOT } = {}) {
  const full = [...args];
  if (cacheDir) full.push('--cache-dir', cache(name));
  if (threads) full.push('--threads', '1');
  steps.push({ name, args: full, skip, cwd });
}
const features = { cacheDir: true, threads: true };
function zeroshot(name, model, dataset, extra = []) {
  step(name, ['zeroshot', '--model', model, '--dataset', dataset.name, '--data', DS(dataset.dir ?? dataset.name), ...(dataset.split ? ['--split', dataset.split] : []), ...extra, '--out', run(name)], features);
}

if (!opts.skipDemo) step('demo', ['demo', '--out', join(OUT, 'demo')], features);

for (const [key, model] of Object.entries(M)) step(`inspect-${key}`, ['inspect', '--model', model, '--json']);
step('inspect-tiny-text', ['inspect', '--model', M.tiny]);
step('datasets', ['datasets', '--json']);

// Zero-shot: every test model, the imagefolder-like adapters, attributes, many-to-one protocols, WebDataset,
// a fp16 export, --save-embeddings, --templates (set, SET@K, file), --classnames, mean-of-raw, --limit.
zeroshot('zs-combined-imagenet-val', M.combined, { name: 'imagenet', split: 'val' }, ['--save-embeddings']);
zeroshot('zs-combined-imagenet-val-on-objectnet', M.combined, { name: 'imagenet', split: 'val-on-objectnet-classes' }, ['--save-embeddings']);
zeroshot('zs-combined-imagenet-sketch', M.combined, { name: 'imagenet-sketch' });
zeroshot('zs-combined-imagenet-r', M.combined, { name: 'imagenet-r' });
zeroshot('zs-combined-imagenet-val-on-r', M.combined, { name: 'imagenet', split: 'val-on-imagenet-r-classes' });
zeroshot('zs-combined-wds', M.combined, { name: 'wds' }, ['--save-embeddings']);
zeroshot('zs-combined-imagefolder-dtd', M.combined, { name: 'imagefolder', dir: 'dtd/images' }, ['--save-embeddings', '--batch-size', '2']);
zeroshot('zs-combined-mnist-limit', M.combined, { name: 'mnist', split: 'train' }, ['--limit', '2']);
zeroshot('zs-manifest-cifar10', M.manifest, { name: 'cifar10' }, ['--save-embeddings']);
zeroshot('zs-manifest-imagenet-v2', M.manifest, { name: 'imagenet-v2', split: 'matched-frequency' }, ['--templates', 'default@1']);
zeroshot('zs-fp16-stl10', M.fp16, { name: 'stl10' }, ['--dtype', 'fp16', '--save-embeddings']);
zeroshot('zs-tiny-fairface-harm', M.tiny, { name: 'fairface', split: 'val:race-gender-harm' }, ['--save-embeddings']);
zeroshot('zs-tiny-fairface-race', M.tiny, { name: 'fairface', split: 'val:race' }, ['--save-embeddings', '--batch-size', '3']);
zeroshot('zs-tiny-objectnet', M.tiny, { name: 'objectnet' }, ['--save-embeddings']);
zeroshot('zs-tiny-objectnet-clip-benchmark', M.tiny, { name: 'objectnet', split: 'clip-benchmark' });
zeroshot('zs-tiny-imagenet-val', M.tiny, { name: 'imagenet', split: 'val' }, ['--templates', 'imagenet-7', '--save-embeddings']);
zeroshot('zs-tiny-imagenet-sketch', M.tiny, { name: 'imagenet-sketch' }, ['--templates', 'imagenet-7']);
zeroshot('zs-tiny-cifar10-files', M.tiny, { name: 'cifar10' }, ['--templates', join(INPUTS, 'templates.txt'), '--classnames', join(INPUTS, 'cifar10-classnames.json'), '--ensemble', 'mean-of-raw', '--save-embeddings']);

// Sharded zero-shot (each shard its own cold cache), merged into one folder: the same run as zs-tiny-fairface-race.
for (const i of [0, 1]) zeroshot(`zs-shard-${i}`, M.tiny, { name: 'fairface', split: 'val:race' }, ['--save-embeddings', '--batch-size', '3', '--shard', `${i}/2`]);
step('merge', ['merge', '--out', run('zs-merged'), run('zs-shard-0'), run('zs-shard-1')]);

// Features and the towers on their own.
step('embed-tiny-cifar10-pooler', ['embed', '--model', M.tiny, '--dataset', 'cifar10', '--data', DS('cifar10'), '--split', 'train', '--feature-output', 'pooler_output', '--out', run('embed-tiny-cifar10-pooler')], features);
step('embed-manifest-imagenet', ['embed', '--model', M.manifest, '--dataset', 'imagenet', '--data', DS('imagenet'), '--split', 'val', '--out', run('embed-manifest-imagenet')], features);
step('embed-text-tiny', ['embed-text', '--model', M.tiny, '--out', join(run('embed-text-tiny'), 'text.npy'), '--file', join(INPUTS, 'texts.txt'), 'a photo of a {}.', 'one more'], { threads: true });
step('embed-text-manifest', ['embed-text', '--model', M.manifest, '--out', join(run('embed-text-manifest'), 'text.npy'), '--file', join(INPUTS, 'texts.txt')], { threads: true });
step('tokenize-tiny', ['tokenize', '--model', M.tiny, 'a photo of a dog.', 'Hello &amp; W\u00f6rld', "it's", '\u{1F436}\u{1F431} ok']);
step('tokenize-manifest-truncate', ['tokenize', '--model', M.manifest, '--truncate', 'a very long text that is certainly longer than sixteen tokens of the manifest model context length, truly']);
step('preprocess-tiny', ['preprocess', '--model', M.tiny, '--out', join(run('preprocess-tiny'), 'pixels.npy'), ...IMAGES]);
step('preprocess-manifest', ['preprocess', '--model', M.manifest, '--out', join(run('preprocess-manifest'), 'pixels.npy'), ...IMAGES]);

// Linear probes: from a model on a fixture with train and test (one image per class there, so a fixed C: a
// sweep needs a validation part of each class), few-shot draws, and from feature files with the sweep and a C list.
// The --features runs start in DIR and name the folder relatively: its path as given enters config_hash.
step('lp-tiny-mnist', ['linear-probe', '--model', M.tiny, '--dataset', 'mnist', '--data', DS('mnist'), '--train-split', 'train', '--test-split', 'test', '--C', '1', '--out', run('lp-tiny-mnist')], features);
step('lp-combined-mnist-shots', ['linear-probe', '--model', M.combined, '--dataset', 'mnist', '--data', DS('mnist'), '--train-split', 'train', '--test-split', 'test', '--C', '1', '--shots', '1', '--shot-seeds', '2', '--out', run('lp-combined-mnist-shots')], features);
step('lp-features-sweep', ['linear-probe', '--features', 'inputs/features', '--out', run('lp-features-sweep')], { threads: true, cwd: OUT });
step('lp-features-clist', ['linear-probe', '--features', 'inputs/features', '--C', '0.01,0.1,1,10', '--val-fraction', '0.25', '--out', run('lp-features-clist')], { threads: true, cwd: OUT });

// Template comparison: with the greedy ensemble (validation half) and without (--validation-fraction 0). The
// second starts in DIR so that its subset file is named relatively (the argument as given enters config_hash).
step('templates-tiny-imagenet-r', ['templates', 'compare', '--model', M.tiny, '--dataset', 'imagenet-r', '--data', DS('imagenet-r'), '--templates', 'imagenet-7', '--subset', 'pair=1,2', '--out', run('templates-tiny-imagenet-r')], features);
step('templates-tiny-cifar10', ['templates', 'compare', '--model', join(ROOT, M.tiny), '--dataset', 'cifar10', '--data', join(ROOT, DS('cifar10')), '--templates', 'cifar', '--subset', 'first three=1,2,3', '--subset', 'from a file=inputs/cifar-subset.txt', '--validation-fraction', '0', '--out', run('templates-tiny-cifar10')], { ...features, cwd: OUT });

// Effective robustness: the testbed table's trend (every ImageNet shift it has) with the fixture runs as evaluated models.
const robustnessResults = ['zs-combined-imagenet-val', 'zs-combined-imagenet-val-on-objectnet', 'zs-combined-imagenet-sketch', 'zs-combined-imagenet-r', 'zs-combined-imagenet-val-on-r', 'zs-tiny-objectnet', 'zs-tiny-imagenet-val', 'zs-tiny-imagenet-sketch'].map(run);
step('robustness', ['robustness', '--baseline', join(INPUTS, 'testbed', 'robustness_top1s.csv'), '--baseline-types', join(INPUTS, 'testbed', 'testbed_model_types.csv'), '--models', 'vit_b_32_clip_zeroshot', '--models', 'resnet50', '--results', ...robustnessResults, '--out', run('robustness')], { skip: hasTestbed ? null : `no imagenet-testbed table at ${TESTBED}` });

// Fairness over the merged shards (attributes) and the harm-label run, then everything gathered.
step('fairness', ['fairness', '--predictions', `race=${run('zs-merged')}`, '--predictions', `harm=${join(run('zs-tiny-fairface-harm'), 'predictions.csv')}`, '--group', 'race', '--group', 'gender', '--harmful', 'clip-paper', '--resamples', '200', '--out', run('fairness')]);
step('results-merge', ['results', 'merge', '--out', join(OUT, 'results-merged'), RUNS]);
step('report', ['report', RUNS, '--title', 'clip-eval equivalence sequence']);

// ---------------------------------------------------------------------------------------------------------

/** The command line as recorded: the output folder and the checkout as placeholders. */
const shown = (args) => args.map((a) => a.split(OUT).join('<OUT>').split(ROOT).join('<CHECKOUT>'));

function exec(s) {
  return new Promise((done) => {
    const stdout = createWriteStream(join(LOGS, `${s.name}.stdout.txt`));
    const stderr = createWriteStream(join(LOGS, `${s.name}.stderr.txt`));
    const env = { ...process.env, CLIP_EVAL_CACHE: cache(s.name), TZ: 'UTC' };
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...s.args], { cwd: s.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(stdout);
    child.stderr.pipe(stderr);
    child.on('error', (error) => done({ code: -1, seconds: 0, error: String(error) }));
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      let pending = 2;
      const finish = () => --pending === 0 && done({ code: code ?? (signal ? `signal ${signal}` : -1), seconds });
      stdout.end(finish);
      stderr.end(finish);
    });
  });
}

const startedAt = new Date();
const t0 = performance.now();
const record = [];
const failures = [];
process.stderr.write(`equivalence run: ${steps.length} steps with ${relative(process.cwd(), CLI) || CLI} (checkout ${ROOT}) into ${OUT}\n`);
for (const s of steps) {
  if (s.skip) {
    process.stderr.write(`  ${s.name.padEnd(38)} skipped: ${s.skip}\n`);
    record.push({ name: s.name, cwd: shown([s.cwd])[0], argv: shown(s.args), skipped: s.skip });
    continue;
  }
  const { code, seconds, error } = await exec(s);
  process.stderr.write(`  ${s.name.padEnd(38)} exit ${code}  ${seconds.toFixed(1).padStart(6)} s\n`);
  record.push({ name: s.name, cwd: shown([s.cwd])[0], argv: shown(s.args), exit_code: code, seconds });
  if (code !== 0) failures.push(`${s.name} (exit ${code}${error ? `: ${error}` : ''}; see logs/${s.name}.stderr.txt)`);
}
const totalSeconds = (performance.now() - t0) / 1000;
writeFileSync(join(OUT, 'steps.json'), `${JSON.stringify(record, null, 2)}\n`);

const git = spawnSync('git', ['-C', ROOT, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
const dirty = spawnSync('git', ['-C', ROOT, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' });
writeFileSync(join(OUT, '_run.json'), `${JSON.stringify({
  out: OUT,
  checkout: ROOT,
  cli: CLI,
  commit: git.status === 0 ? git.stdout.trim() : null,
  tracked_changes: dirty.status === 0 ? dirty.stdout.trim().split('\n').filter(Boolean) : null,
  node: process.version,
  platform: `${process.platform}-${process.arch}`,
  started: startedAt.toISOString(),
  total_seconds: totalSeconds,
  steps: record.map(({ name, exit_code, seconds, skipped }) => ({ name, exit_code, seconds, skipped })),
}, null, 2)}\n`);

const skipped = record.filter((r) => r.skipped).length;
process.stderr.write(`done in ${totalSeconds.toFixed(0)} s: ${record.length - skipped - failures.length} of ${record.length} steps ok${skipped ? `, ${skipped} skipped` : ''}\n`);
if (failures.length > 0) {
  process.stderr.write(`failed:\n${failures.map((f) => `  ${f}`).join('\n')}\n`);
  process.exit(1);
}
