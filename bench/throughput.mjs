// End-to-end `clip-eval zeroshot` images/s (cold cache) against bare session.run images/s on pre-made
// tensors of the same batch size, measured in one run. Needs `npm run build` and the inputs made by
//   /usr/bin/python3 tools/bench/make-vit-b32.py bench/.work/throughput/vit-b32 --shared-vocab ../shared/models/tiny-random-clip
//   /usr/bin/python3 tools/bench/make-photos.py bench/.work/throughput/photos 600
// Usage: node bench/throughput.mjs [--model DIR] [--data DIR] [--threads N] [--batch-size N] [--decode-workers N]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openSession } from '../dist/model/onnx-session.js';
import { tensor } from '../dist/core/tensor.js';
import { DEFAULTS } from '../dist/config/defaults.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'bench/.work/throughput/vit-b32' },
    data: { type: 'string', default: 'bench/.work/throughput/photos' },
    threads: { type: 'string', default: '2' },
    'batch-size': { type: 'string', default: '32' },
    'decode-workers': { type: 'string', default: String(DEFAULTS.decodeWorkers) },
    rounds: { type: 'string', default: '6' },
  },
});
const threads = Number(values.threads);
const batch = Number(values['batch-size']);

async function bare() {
  const session = await openSession(join(values.model, 'onnx', 'vision_model.onnx'), { threads, device: 'cpu' });
  const pixels = tensor(Float32Array.from({ length: batch * 3 * 224 * 224 }, (_, i) => Math.sin(i)), [batch, 3, 224, 224]);
  await session.run({ pixel_values: pixels });
  const start = performance.now();
  const rounds = Number(values.rounds);
  for (let r = 0; r < rounds; r++) await session.run({ pixel_values: pixels });
  await session.release();
  return (rounds * batch) / ((performance.now() - start) / 1000);
}

function endToEnd() {
  const work = mkdtempSync(join(tmpdir(), 'clip-eval-bench-'));
  try {
    const start = performance.now();
    const run = spawnSync(process.execPath, ['bin/clip-eval.js', 'zeroshot', '--model', values.model, '--data', values.data, '--cache-dir', join(work, 'cache'),
      '--out', join(work, 'out'), '--threads', String(threads), '--batch-size', String(batch), '--decode-workers', values['decode-workers']], { encoding: 'utf8' });
    const wall = (performance.now() - start) / 1000;
    if (run.status !== 0) throw new Error(run.stderr);
    const metrics = JSON.parse(readFileSync(join(work, 'out', 'metrics.json'), 'utf8'));
    // The run from its start (the text side overlaps the first image batches; speed.mjs times the image phase alone).
    return { n: metrics.n, wall, run: metrics.seconds.total };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const bareRate = await bare();
const e2e = endToEnd();
const bareAgain = await bare();
const reference = (bareRate + bareAgain) / 2;
console.log(`bare session.run: ${bareRate.toFixed(2)} and ${bareAgain.toFixed(2)} images/s (batch ${batch}, ${threads} threads)`);
console.log(`clip-eval zeroshot, cold cache: ${e2e.n} images, ${(e2e.n / e2e.run).toFixed(2)} images/s in the run (text side included), ${(e2e.n / e2e.wall).toFixed(2)} images/s for the whole command (${e2e.wall.toFixed(1)} s)`);
console.log(`ratio end-to-end / bare: ${(e2e.n / e2e.run / reference).toFixed(3)} (the run), ${(e2e.n / e2e.wall / reference).toFixed(3)} (whole command, model load included)`);
