// clip-eval against transformers.js (the JavaScript peer; same onnxruntime-node and sharp) on the same
// ViT-B/32-shaped model: images/s of `clip-eval embed` against transformers.js's processor + vision model,
// prompts/s of `clip-eval embed-text` against its tokenizer + text model, each as a whole process (start to
// exit, peak RSS from bench/rss-probe.mjs), the pairs interleaved. transformers.js is a devDependency used
// by this script only. Run by bench/speed.mjs, or alone:
// Usage: node bench/transformers-js.mjs [--model DIR] [--data DIR] [--images 500] [--prompts 1000] [--threads 2] [--batch-size 32] [--runs 2]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: '.cache/bench/vit-b32' },
    data: { type: 'string', default: '.cache/bench/photos-2000' },
    images: { type: 'string', default: '500' },
    prompts: { type: 'string', default: '1000' },
    threads: { type: 'string', default: '2' },
    'batch-size': { type: 'string', default: '32' },
    runs: { type: 'string', default: '2' },
    // Internal: run one transformers.js job in this process.
    job: { type: 'string' },
    view: { type: 'string' },
    list: { type: 'string' },
    out: { type: 'string' },
  },
});
const threads = Number(values.threads);
const batch = Number(values['batch-size']);

/** CLIP's tokenizer.json (as openai/clip-vit-base-patch32 ships it) from vocab.json and merges.txt. */
function clipTokenizerJson(vocab, merges) {
  const special = (id, content) => ({ id, content, single_word: false, lstrip: false, rstrip: false, normalized: true, special: true });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [special(49406, '<|startoftext|>'), special(49407, '<|endoftext|>')],
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFC' }, { type: 'Replace', pattern: { Regex: '\\s+' }, content: ' ' }, { type: 'Lowercase' }] },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'Split', pattern: { Regex: "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+" }, behavior: 'Removed', invert: true },
        { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: false },
      ],
    },
    post_processor: { type: 'RobertaProcessing', sep: ['<|endoftext|>', 49407], cls: ['<|startoftext|>', 49406], trim_offsets: false, add_prefix_space: false },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: { type: 'BPE', dropout: null, unk_token: '<|endoftext|>', continuing_subword_prefix: '', end_of_word_suffix: '</w>', fuse_unk: false, byte_fallback: false, vocab, merges },
  };
}

/** The model folder as transformers.js reads it (config.json, tokenizer.json, ...), the graphs linked, not copied. */
function transformersView(model) {
  const view = resolve(`${model}-transformers-js`);
  if (existsSync(join(view, 'tokenizer.json'))) return view;
  mkdirSync(join(view, 'onnx'), { recursive: true });
  for (const graph of ['vision_model.onnx', 'text_model.onnx']) symlinkSync(resolve(model, 'onnx', graph), join(view, 'onnx', graph));
  const vocab = JSON.parse(readFileSync(join(model, 'vocab.json'), 'utf8'));
  const merges = readFileSync(join(model, 'merges.txt'), 'utf8').split('\n').filter((l, i) => i > 0 && l.trim() !== '');
  writeFileSync(join(view, 'tokenizer.json'), JSON.stringify(clipTokenizerJson(vocab, merges)));
  writeFileSync(join(view, 'tokenizer_config.json'), JSON.stringify({ tokenizer_class: 'CLIPTokenizer', model_max_length: 77, bos_token: '<|startoftext|>', eos_token: '<|endoftext|>', unk_token: '<|endoftext|>', pad_token: '<|endoftext|>', do_lower_case: true }));
  const pre = JSON.parse(readFileSync(join(model, 'preprocessor_config.json'), 'utf8'));
  writeFileSync(join(view, 'preprocessor_config.json'), JSON.stringify({ ...pre, image_processor_type: 'CLIPImageProcessor', feature_extractor_type: 'CLIPFeatureExtractor', do_resize: true, do_center_crop: true, do_rescale: true, rescale_factor: 1 / 255, do_normalize: true, do_convert_rgb: true }));
  writeFileSync(join(view, 'config.json'), JSON.stringify({
    model_type: 'clip', architectures: ['CLIPModel'], projection_dim: 512,
    text_config: { model_type: 'clip_text_model', hidden_size: 512, num_hidden_layers: 2, num_attention_heads: 8, max_position_embeddings: 77, vocab_size: 49408, projection_dim: 512 },
    vision_config: { model_type: 'clip_vision_model', hidden_size: 768, num_hidden_layers: 12, num_attention_heads: 12, image_size: 224, patch_size: 32, projection_dim: 512 },
  }));
  return view;
}

/** One transformers.js job in this process: embed the images (or texts) listed in --list, write the rows to --out. */
async function job() {
  const { AutoProcessor, AutoTokenizer, CLIPTextModelWithProjection, CLIPVisionModelWithProjection, RawImage, env } = await import('@huggingface/transformers');
  env.allowRemoteModels = false;
  const options = { dtype: 'fp32', device: 'cpu', session_options: { intraOpNumThreads: threads, interOpNumThreads: 1 } };
  const items = readFileSync(values.list, 'utf8').split('\n').filter(Boolean);
  const rows = [];
  let inModel = 0;
  if (values.job === 'images') {
    const processor = await AutoProcessor.from_pretrained(values.view);
    const model = await CLIPVisionModelWithProjection.from_pretrained(values.view, options);
    for (let i = 0; i < items.length; i += batch) {
      const images = await Promise.all(items.slice(i, i + batch).map((p) => RawImage.read(p)));
      const inputs = await processor(images);
      const start = performance.now();
      const { image_embeds } = await model(inputs);
      inModel += performance.now() - start;
      rows.push(image_embeds.data);
    }
  } else {
    const tokenizer = await AutoTokenizer.from_pretrained(values.view);
    const model = await CLIPTextModelWithProjection.from_pretrained(values.view, options);
    for (let i = 0; i < items.length; i += 256) {
      const inputs = tokenizer(items.slice(i, i + 256), { padding: 'max_length', max_length: 77, truncation: true });
      const start = performance.now();
      const { text_embeds } = await model(inputs);
      inModel += performance.now() - start;
      rows.push(text_embeds.data);
    }
  }
  writeFileSync(values.out, JSON.stringify({ rows: rows.reduce((n, r) => n + r.length, 0) / 512, inModel: inModel / 1000 }));
}

function timed(args, rssFile) {
  const start = performance.now();
  const run = spawnSync(process.execPath, ['--import', './bench/rss-probe.mjs', ...args], { encoding: 'utf8', env: { ...process.env, RSS_OUT: rssFile } });
  if (run.status !== 0) throw new Error(`${args.join(' ')} failed:\n${run.stderr}`);
  return { wall: (performance.now() - start) / 1000, rssMiB: Number(readFileSync(rssFile, 'utf8')) / 1024 };
}

/** The first N images of an ImageFolder tree in clip-eval's order (class folders, then files, sorted). */
function imageList(root, n) {
  const out = [];
  for (const cls of readdirSync(root).sort()) {
    if (out.length >= n) break;
    for (const f of readdirSync(join(root, cls)).sort()) if (out.length < n) out.push(resolve(root, cls, f));
  }
  return out;
}

async function compare() {
  const work = mkdtempSync(join(tmpdir(), 'clip-eval-peer-'));
  try {
    const view = transformersView(values.model);
    const n = Number(values.images);
    writeFileSync(join(work, 'images.txt'), imageList(values.data, n).join('\n'));
    const { prompts } = await import('./speed-prompts.mjs');
    const texts = prompts(Number(values.prompts));
    writeFileSync(join(work, 'texts.txt'), texts.join('\n'));
    const results = { ours: { images: [], texts: [] }, peer: { images: [], texts: [] } };
    for (let r = 0; r < Number(values.runs); r++) {
      const cache = join(work, `cache-${r}`);
      results.ours.images.push(timed(['bin/clip-eval.js', 'embed', '--model', values.model, '--data', values.data, '--limit', String(n), '--cache-dir', cache, '--out', join(work, `embed-${r}`),
        '--threads', String(threads), '--batch-size', String(batch)], join(work, 'rss')));
      results.peer.images.push(timed(['bench/transformers-js.mjs', '--job', 'images', '--view', view, '--list', join(work, 'images.txt'), '--out', join(work, 'peer.json'), '--threads', String(threads), '--batch-size', String(batch)], join(work, 'rss')));
      results.peer.images.at(-1).inModel = JSON.parse(readFileSync(join(work, 'peer.json'), 'utf8')).inModel;
      results.ours.texts.push(timed(['bin/clip-eval.js', 'embed-text', '--model', values.model, '--threads', String(threads), '--file', join(work, 'texts.txt'), '--out', join(work, `texts-${r}.npy`)], join(work, 'rss')));
      results.peer.texts.push(timed(['bench/transformers-js.mjs', '--job', 'texts', '--view', view, '--list', join(work, 'texts.txt'), '--out', join(work, 'peer.json'), '--threads', String(threads)], join(work, 'rss')));
      results.peer.texts.at(-1).inModel = JSON.parse(readFileSync(join(work, 'peer.json'), 'utf8')).inModel;
    }
    const mean = (list, key) => list.reduce((s, x) => s + x[key], 0) / list.length;
    const show = (list) => list.map((x) => `${x.wall.toFixed(1)} s / ${x.rssMiB.toFixed(0)} MiB`).join(', ');
    console.log(`images (${n}, whole process): clip-eval embed ${show(results.ours.images)}; transformers.js ${show(results.peer.images)}`);
    console.log(`texts (${texts.length}, whole process): clip-eval embed-text ${show(results.ours.texts)}; transformers.js ${show(results.peer.texts)}`);
    console.log(`speed ratio clip-eval / transformers.js: images ${(mean(results.peer.images, 'wall') / mean(results.ours.images, 'wall')).toFixed(3)}x (goal >= 1.2), texts ${(mean(results.peer.texts, 'wall') / mean(results.ours.texts, 'wall')).toFixed(3)}x (goal >= 1.0)`);
    // The most a harness could be ahead of it if session.run took as long on both sides: its whole time over its
    // time in session.run (texts can beat it: clip-eval's smaller text batches make session.run itself faster).
    console.log(`transformers.js in session.run: images ${(mean(results.peer.images, 'inModel') / mean(results.peer.images, 'wall') * 100).toFixed(0)}% of its time (ceiling at equal session.run time: ${(mean(results.peer.images, 'wall') / mean(results.peer.images, 'inModel')).toFixed(2)}x), texts ${(mean(results.peer.texts, 'inModel') / mean(results.peer.texts, 'wall') * 100).toFixed(0)}% (ceiling ${(mean(results.peer.texts, 'wall') / mean(results.peer.texts, 'inModel')).toFixed(2)}x)`);
    console.log(`peak RSS ratio clip-eval / transformers.js: images ${(mean(results.ours.images, 'rssMiB') / mean(results.peer.images, 'rssMiB')).toFixed(3)}, texts ${(mean(results.ours.texts, 'rssMiB') / mean(results.peer.texts, 'rssMiB')).toFixed(3)} (goal <= 1) (load ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (values.job) await job();
else await compare();
