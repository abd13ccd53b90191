// Speed outside the model (issue 16), every figure as a ratio measured in this one run:
//   1. the image phase of `clip-eval zeroshot` (cold cache: first batch in to last batch out) against bare
//      session.run on pre-made tensors;
//   2. the fixed cost of a command: process start until the first image batch enters the model, less the
//      time spent creating model sessions and running the text tower before it;
//   3. the whole `clip-eval zeroshot` command (wall clock, process start to exit) against bare, on each size;
//   4. `embed`: which graphs it opens, its peak RSS and images/s;
//   5. `embed-text` on 1,000 prompts with the memory arena on and off (wall, CPU, minor faults, same bytes);
//   6. against transformers.js on the same model (bench/transformers-js.mjs), when it is installed.
// Bare runs come before and after each command run, and the command is compared with their mean.
// Needs `npm run build` and the inputs made by tools/bench/ (see the README's performance section):
//   /usr/bin/python3 tools/bench/make-vit-b32.py .cache/bench/vit-b32 --shared-vocab ../shared/models/tiny-random-clip
//   /usr/bin/python3 tools/bench/make-photos.py .cache/bench/photos-2000 2000
// Usage: node bench/speed.mjs [--model DIR] [--data DIR] [--sizes 500,2000] [--threads 2] [--batch-size 32]
//        [--rounds 4] [--only image,embed,text,peer] [--peer-images 500] [--peer-runs 2]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSession } from '../dist/model/onnx-session.js';
import { tensor } from '../dist/core/tensor.js';
import { prompts } from './speed-prompts.mjs';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: '.cache/bench/vit-b32' },
    data: { type: 'string', default: '.cache/bench/photos-2000' },
    sizes: { type: 'string', default: '500,2000' },
    threads: { type: 'string', default: '2' },
    'batch-size': { type: 'string', default: '32' },
    rounds: { type: 'string', default: '4' },
    prompts: { type: 'string', default: '1000' },
    only: { type: 'string', default: 'image,embed,text,peer' },
    'peer-images': { type: 'string', default: '500' },
    'peer-runs': { type: 'string', default: '2' },
  },
});
const threads = Number(values.threads);
const batch = Number(values['batch-size']);
const sections = new Set(values.only.split(','));
const work = mkdtempSync(join(tmpdir(), 'clip-eval-speed-'));
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const say = (line) => console.log(line);

/** CPU seconds per image of each bare measurement (all of the process's threads). */
const bareCpu = [];

/** Bare session.run images/s on pre-made tensors (one warm-up run), the session created as the harness creates it. */
async function bare() {
  const session = await openSession(join(values.model, 'onnx', 'vision_model.onnx'), { threads, device: 'cpu' });
  try {
    const pixels = tensor(Float32Array.from({ length: batch * 3 * 224 * 224 }, (_, i) => Math.sin(i)), [batch, 3, 224, 224]);
    await session.run({ pixel_values: pixels });
    const rounds = Number(values.rounds);
    const start = performance.now();
    const cpu = process.cpuUsage();
    for (let r = 0; r < rounds; r++) await session.run({ pixel_values: pixels });
    const used = process.cpuUsage(cpu);
    bareCpu.push((used.user + used.system) / 1e6 / (rounds * batch));
    return (rounds * batch) / ((performance.now() - start) / 1000);
  } finally {
    await session.release();
  }
}

/** Runs `clip-eval ARGS` under the timing probe; returns the probe's record and the wall time. */
function command(args, env = {}) {
  const probe = join(work, `probe-${Math.random().toString(36).slice(2)}.json`);
  const start = performance.now();
  const run = spawnSync(process.execPath, ['--import', './bench/timing-probe.mjs', 'bin/clip-eval.js', ...args], { encoding: 'utf8', env: { ...process.env, ...env, TIMING_OUT: probe } });
  const wall = (performance.now() - start) / 1000;
  if (run.status !== 0) throw new Error(`clip-eval ${args.join(' ')} failed:\n${run.stderr}`);
  return { wall, probe: JSON.parse(readFileSync(probe, 'utf8')) };
}

const isVision = (r) => r.file.endsWith('vision_model.onnx') && r.dims.length === 4;
/** Time outside the model before the first image batch: start to that run, less session creation and text runs before it. */
function fixedCost(probe) {
  const first = probe.runs.filter(isVision).sort((a, b) => a.start - b.start)[0];
  if (!first) return undefined;
  const before = (list) => list.filter((e) => e.end <= first.start).reduce((sum, e) => sum + (e.end - e.start), 0);
  const creates = before(probe.creates);
  const textRuns = before(probe.runs.filter((r) => !isVision(r)));
  return { fixed: (first.start - creates - textRuns) / 1000, firstBatch: first.start / 1000, creates: creates / 1000, textRuns: textRuns / 1000 };
}

const opened = (probe) => probe.creates.map((c) => c.file.split('/').pop()).join(', ');

if (sections.has('image')) {
  for (const n of values.sizes.split(',').map(Number)) {
    say(`\n## zeroshot on ${n} photos, cold cache, batch ${batch}, ${threads} threads (load ${load()})`);
    const before = await bare();
    const dir = join(work, `zeroshot-${n}`);
    const { wall, probe } = command(['zeroshot', '--model', values.model, '--data', values.data, '--limit', String(n), '--cache-dir', join(dir, 'cache'), '--out', join(dir, 'out'),
      '--threads', String(threads), '--batch-size', String(batch)]);
    const after = await bare();
    const metrics = JSON.parse(readFileSync(join(dir, 'out', 'metrics.json'), 'utf8'));
    rmSync(dir, { recursive: true, force: true });
    const reference = (before + after) / 2;
    // The image phase: the first batch entering the model to the last leaving it (the text side and the first
    // batch's decoding overlap before it; they are the fixed cost below). metrics.seconds.images would count
    // from the classifier being ready, after the first batches were encoded.
    const visionRuns = probe.runs.filter(isVision);
    const phase = metrics.n / ((Math.max(...visionRuns.map((r) => r.end)) - Math.min(...visionRuns.map((r) => r.start))) / 1000);
    const whole = metrics.n / wall;
    const fixed = fixedCost(probe);
    say(`bare session.run: ${before.toFixed(2)} and ${after.toFixed(2)} images/s`);
    say(`image phase: ${phase.toFixed(2)} images/s = ${(phase / reference).toFixed(3)} of bare (goal >= 0.90)`);
    say(`whole command: ${wall.toFixed(1)} s, ${whole.toFixed(2)} images/s = ${(whole / reference).toFixed(3)} of bare (goal >= ${n >= 2000 ? '0.90' : '0.85'})`);
    if (fixed) say(`fixed cost: ${fixed.fixed.toFixed(2)} s (goal < 1 s): first image batch at ${fixed.firstBatch.toFixed(2)} s, less ${fixed.creates.toFixed(2)} s creating sessions (${opened(probe)}) and ${fixed.textRuns.toFixed(2)} s in the text tower`);
    say(`peak RSS ${(probe.maxRssKiB / 1024).toFixed(0)} MiB, CPU ${probe.userS.toFixed(1)} s user + ${probe.sysS.toFixed(1)} s sys`);
    // CPU per image is far less sensitive than wall time to what else the machine runs (spinning threads aside).
    const bareCpuPerImage = (bareCpu.at(-1) + bareCpu.at(-2)) / 2;
    say(`CPU per image: bare ${(1000 * bareCpuPerImage).toFixed(0)} ms, whole command ${(1000 * (probe.userS + probe.sysS) / metrics.n).toFixed(0)} ms = ${(bareCpuPerImage / ((probe.userS + probe.sysS) / metrics.n)).toFixed(3)} of bare's efficiency`);
  }
}

if (sections.has('embed')) {
  const n = Math.min(500, ...values.sizes.split(',').map(Number));
  say(`\n## embed on ${n} photos, cold cache (load ${load()})`);
  const dir = join(work, 'embed');
  const { wall, probe } = command(['embed', '--model', values.model, '--data', values.data, '--limit', String(n), '--cache-dir', join(dir, 'cache'), '--out', join(dir, 'out'),
    '--threads', String(threads), '--batch-size', String(batch)]);
  const fixed = fixedCost(probe);
  say(`graphs opened: ${opened(probe)}; text tower opened: ${probe.creates.some((c) => c.file.endsWith('text_model.onnx')) ? 'yes' : 'no'}`);
  say(`${(n / wall).toFixed(2)} images/s for the whole command (${wall.toFixed(1)} s), peak RSS ${(probe.maxRssKiB / 1024).toFixed(0)} MiB, fixed cost ${fixed?.fixed.toFixed(2)} s`);
  // The same run with a warm feature cache: no image is encoded, no graph needs to run.
  const warm = command(['embed', '--model', values.model, '--data', values.data, '--limit', String(n), '--cache-dir', join(dir, 'cache'), '--out', join(dir, 'out2'),
    '--threads', String(threads), '--batch-size', String(batch)]);
  say(`warm cache: ${warm.wall.toFixed(1)} s, graphs opened: ${opened(warm.probe) || 'none'}, peak RSS ${(warm.probe.maxRssKiB / 1024).toFixed(0)} MiB`);
  rmSync(dir, { recursive: true, force: true });
}

if (sections.has('text')) {
  const count = Number(values.prompts);
  say(`\n## embed-text on ${count} prompts (load ${load()})`);
  const file = join(work, 'prompts.txt');
  writeFileSync(file, prompts(count).join('\n') + '\n');
  // The command as shipped, then the library call it makes with the arena forced on and off, interleaved.
  const shipped = command(['embed-text', '--model', values.model, '--threads', String(threads), '--file', file, '--out', join(work, 'shipped.npy')]);
  const child = (arena, out) => {
    const code = `import { openRuntime } from './dist/features/runtime.js'; import { embedTexts } from './dist/features/text-features.js'; import { writeMatrixNpy } from './dist/core/npy-writer.js';
      import { readFileSync } from 'node:fs';
      const texts = readFileSync(${JSON.stringify(file)}, 'utf8').split('\\n').filter(Boolean);
      const runtime = await openRuntime({ model: ${JSON.stringify(values.model)}, threads: ${threads}, decodeWorkers: 0, cacheDir: null, session: { memoryArena: ${arena} } });
      try { await writeMatrixNpy(${JSON.stringify(out)}, await embedTexts(runtime, texts)); } finally { await runtime.close(); }`;
    const probe = join(work, `probe-text-${arena}.json`);
    const start = performance.now();
    const run = spawnSync(process.execPath, ['--import', './bench/timing-probe.mjs', '--input-type=module', '-e', code], { encoding: 'utf8', env: { ...process.env, TIMING_OUT: probe } });
    if (run.status !== 0) throw new Error(run.stderr);
    const result = JSON.parse(readFileSync(probe, 'utf8'));
    const textRuns = result.runs.filter((r) => r.file.endsWith('text_model.onnx')).reduce((s, r) => s + r.end - r.start, 0) / 1000;
    return { wall: (performance.now() - start) / 1000, textRuns, ...result };
  };
  const runs = { on: [], off: [] };
  for (let r = 0; r < 2; r++) for (const arena of ['on', 'off']) runs[arena].push(child(arena === 'on', join(work, `text-${arena}.npy`)));
  const same = Buffer.compare(readFileSync(join(work, 'text-on.npy')), readFileSync(join(work, 'text-off.npy'))) === 0 && Buffer.compare(readFileSync(join(work, 'text-on.npy')), readFileSync(join(work, 'shipped.npy'))) === 0;
  const line = (name, list) => `${name}: wall ${list.map((x) => x.wall.toFixed(1)).join(' / ')} s, text tower ${list.map((x) => x.textRuns.toFixed(1)).join(' / ')} s, sys ${list.map((x) => x.sysS.toFixed(1)).join(' / ')} s, user ${list.map((x) => x.userS.toFixed(1)).join(' / ')} s, minor faults ${list.map((x) => (x.minorFaults / 1e6).toFixed(2)).join(' / ')} M, peak RSS ${list.map((x) => (x.maxRssKiB / 1024).toFixed(0)).join(' / ')} MiB`;
  say(`shipped command: wall ${shipped.wall.toFixed(1)} s (${(count / shipped.wall).toFixed(1)} prompts/s), sys ${shipped.probe.sysS.toFixed(1)} s, minor faults ${(shipped.probe.minorFaults / 1e6).toFixed(2)} M, peak RSS ${(shipped.probe.maxRssKiB / 1024).toFixed(0)} MiB`);
  say(line('arena on ', runs.on));
  say(line('arena off', runs.off));
  const mean = (list, key) => list.reduce((s, x) => s + x[key], 0) / list.length;
  say(`text tower time arena on / off: ${(mean(runs.on, 'textRuns') / mean(runs.off, 'textRuns')).toFixed(3)}; embeddings byte-identical (on, off, shipped): ${same ? 'yes' : 'NO'}`);
}

if (sections.has('peer')) {
  say(`\n## against transformers.js (load ${load()})`);
  if (!existsSync('node_modules/@huggingface/transformers/package.json')) say('transformers.js is not installed (devDependency @huggingface/transformers): comparison not run');
  else {
    const run = spawnSync(process.execPath, ['bench/transformers-js.mjs', '--model', values.model, '--data', values.data, '--threads', String(threads), '--batch-size', String(batch), '--prompts', values.prompts,
      '--images', values['peer-images'], '--runs', values['peer-runs']],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    process.stdout.write(run.stdout);
    if (run.status !== 0) say(`bench/transformers-js.mjs failed (exit ${run.status})`);
  }
}
rmSync(work, { recursive: true, force: true });
say(`\nload at the end: ${load()}`);
