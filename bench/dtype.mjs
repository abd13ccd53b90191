#!/usr/bin/env node
// Speed and accuracy of the precision variants (--dtype) of one HF-layout model, against its fp32 graphs.
// Run the tool first (it writes a copy of the model plus onnx/*_fp16.onnx, *_quantized.onnx, ... into the folder), then
// the bench (needs `npm run build`):
//   /usr/bin/python3 tools/quantize-model.py models/tiny-clip .cache/dtype-bench/tiny-clip --variants fp16,quantized,int8,uint8,q4
//   node bench/dtype.mjs --model .cache/dtype-bench/tiny-clip --data .cache/dtype-bench/suite
// Per variant: file sizes; image and text encoding rate (minimum time over --rounds rounds of one --batch-size batch,
// variants alternating within each round) as a ratio to fp32; cosine of image and text embeddings to fp32 (mean and
// minimum over the batch); and, unless --no-accuracy, zero-shot top-1 on the emoji-shift --splits (run through
// `clip-eval zeroshot --no-cache`; the splits are rendered into --data first, as the demo does) with the share of images whose
// predicted class agrees with fp32's. A model with random weights (the ViT-B/32-shaped one of bench/throughput.mjs):
//   /usr/bin/python3 tools/quantize-model.py bench/.work/throughput/vit-b32 bench/.work/dtype/vit-b32 --variants fp16,quantized
//   node bench/dtype.mjs --model bench/.work/dtype/vit-b32 --no-accuracy --batch-size 32 --rounds 3
// Options: --variants fp32,fp16,... (default: every variant present) --threads N (default 1) --text-batch N (default 256)
//          --json FILE (also write the figures as JSON)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parse } from 'csv-parse/sync';
import { tensor } from '../dist/core/tensor.js';
import { buildEmojiSuite, suiteOptionsFor } from '../dist/datasets/emoji/build.js';
import { preprocessImage } from '../dist/image/preprocess.js';
import { openModel } from '../dist/model/clip-model.js';
import { resolveBundle } from '../dist/model/detect.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: '.cache/dtype-bench/tiny-clip' },
    data: { type: 'string', default: '.cache/dtype-bench/suite' },
    variants: { type: 'string' },
    splits: { type: 'string', default: 'id,rendition' },
    threads: { type: 'string', default: '1' },
    'batch-size': { type: 'string', default: '256' },
    'text-batch': { type: 'string', default: '256' },
    rounds: { type: 'string', default: '5' },
    accuracy: { type: 'boolean', default: true },
    json: { type: 'string' },
  },
  allowNegative: true,
});
const threads = Number(values.threads);
const batch = Number(values['batch-size']);
const textBatch = Number(values['text-batch']);
const rounds = Number(values.rounds);
const CANDIDATES = ['fp32', 'fp16', 'quantized', 'int8', 'uint8', 'q4', 'q4f16', 'bnb4'];

// Variants: the requested ones, or every --dtype whose files resolve to a distinct pair of graphs.
const variants = [];
for (const dtype of values.variants?.split(',') ?? CANDIDATES) {
  let bundle;
  try {
    bundle = await resolveBundle(values.model, { dtype });
  } catch (error) {
    if (values.variants) throw error;
    continue;
  }
  if (variants.some((v) => v.bundle.files.join() === bundle.files.join())) continue;
  variants.push({ dtype, bundle, bytes: bundle.files.reduce((sum, f) => sum + statSync(f).size, 0) });
}
if (variants[0]?.dtype !== 'fp32') throw new Error(`${values.model}: the fp32 graphs are needed as the reference`);

// Inputs: the first split's images (evenly spaced, so most classes appear) or, without a suite, smooth noise; prompts
// from the suite's class names, else numbered words.
const manifestPath = join(values.data, 'manifest.json');
const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, 'utf8')) : undefined;
const split = manifest?.splits?.[values.splits.split(',')[0]];
const config = variants[0].bundle.preprocess;
const size = config.cropSize;
const pixels = new Float32Array(batch * 3 * size * size);
if (split) {
  for (let i = 0; i < batch; i++) {
    const item = split.items[Math.floor((i * split.items.length) / batch) % split.items.length];
    pixels.set(await preprocessImage({ kind: 'file', path: join(values.data, item.file) }, config), i * 3 * size * size);
  }
} else {
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.sin(i * 0.001) + 0.3 * Math.sin(i * 0.37);
}
const images = tensor(pixels, [batch, 3, size, size]);
const names = split?.classnames ?? Array.from({ length: 250 }, (_, i) => `thing number ${i}`);
const texts = Array.from({ length: textBatch }, (_, i) => `an emoji of ${names[i % names.length]}.`);

// Speed: every model open at once; per round, each variant encodes the batch once (rotating the order), minimum kept.
for (const v of variants) {
  v.model = await openModel(v.bundle, { threads, device: 'cpu' });
  v.imageEmb = (await v.model.encodeImages(images))[v.bundle.vision.output];
  v.textEmb = await v.model.encodeTexts(texts, textBatch);
  v.imageSec = Infinity;
  v.textSec = Infinity;
}
for (let r = 0; r < rounds; r++) {
  const order = variants.map((_, i) => variants[(i + r) % variants.length]);
  for (const v of order) {
    let start = performance.now();
    await v.model.encodeImages(images);
    v.imageSec = Math.min(v.imageSec, (performance.now() - start) / 1000);
    start = performance.now();
    await v.model.encodeTexts(texts, textBatch);
    v.textSec = Math.min(v.textSec, (performance.now() - start) / 1000);
  }
}
for (const v of variants) await v.model.release();

function cosines(a, b) {
  const out = [];
  for (let r = 0; r < a.rows; r++) {
    let dot = 0, na = 0, nb = 0;
    for (let c = 0; c < a.cols; c++) {
      const x = a.data[r * a.cols + c], y = b.data[r * b.cols + c];
      dot += x * y; na += x * x; nb += y * y;
    }
    out.push(dot / Math.sqrt(na * nb));
  }
  return { mean: out.reduce((s, x) => s + x, 0) / out.length, min: Math.min(...out) };
}
const [ref] = variants;
for (const v of variants) {
  v.imageCos = cosines(ref.imageEmb, v.imageEmb);
  v.textCos = cosines(ref.textEmb, v.textEmb);
}

// Accuracy: clip-eval zeroshot per variant and split, predictions compared with fp32's row by row.
const splits = values.accuracy ? values.splits.split(',') : [];
if (splits.length > 0) await buildEmojiSuite({ ...(await suiteOptionsFor(values.data)), root: values.data, splits });
const work = mkdtempSync(join(tmpdir(), 'clip-eval-dtype-'));
try {
  for (const v of variants) {
    v.top1 = {};
    v.agree = {};
    for (const s of splits) {
      const out = join(work, `${v.dtype}-${s}`);
      const run = spawnSync(process.execPath, ['bin/clip-eval.js', 'zeroshot', '--model', values.model, '--dtype', v.dtype, '--dataset', 'emoji-shift', '--data', values.data,
        '--split', s, '--out', out, '--no-cache', '--threads', String(threads)], { encoding: 'utf8' });
      if (run.status !== 0) throw new Error(`zeroshot --dtype ${v.dtype} --split ${s}: ${run.stderr}`);
      v.top1[s] = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')).top1;
      v[`pred_${s}`] = parse(readFileSync(join(out, 'predictions.csv')), { columns: true }).map((row) => `${row.path}\t${row.pred}`);
      const base = ref[`pred_${s}`];
      v.agree[s] = v[`pred_${s}`].filter((p, i) => p === base[i]).length / base.length;
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;
const pct = (x) => (x === undefined ? '-' : `${(100 * x).toFixed(2)}%`);
console.log(`${values.model}: ${size}px images, batch ${batch}, ${textBatch} texts, ${threads} thread(s), min of ${rounds} rounds; fp32: ${(batch / ref.imageSec).toFixed(1)} images/s, ${(textBatch / ref.textSec).toFixed(1)} texts/s`);
const header = ['variant', 'files', 'size', 'img/s', 'img/s vs fp32', 'text/s vs fp32', 'img cos mean/min', 'text cos mean/min', ...splits.flatMap((s) => [`top-1 ${s}`, `agree ${s}`])];
const rows = variants.map((v) => [
  v.dtype,
  v.bundle.files.map((f) => f.split('/').pop()).join(' + '),
  mb(v.bytes),
  (batch / v.imageSec).toFixed(1),
  `${(ref.imageSec / v.imageSec).toFixed(2)}x`,
  `${(ref.textSec / v.textSec).toFixed(2)}x`,
  `${v.imageCos.mean.toFixed(4)} / ${v.imageCos.min.toFixed(4)}`,
  `${v.textCos.mean.toFixed(4)} / ${v.textCos.min.toFixed(4)}`,
  ...splits.flatMap((s) => [pct(v.top1[s]), pct(v.agree[s])]),
]);
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
if (values.json) {
  writeFileSync(values.json, JSON.stringify(variants.map((v) => ({
    dtype: v.dtype, files: v.bundle.files, bytes: v.bytes, imagesPerSec: batch / v.imageSec, textsPerSec: textBatch / v.textSec,
    imageCosine: v.imageCos, textCosine: v.textCos, top1: v.top1, agreement: v.agree,
  })), null, 2));
}
