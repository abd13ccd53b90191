// Measures images/s of zero-shot evaluation (no cache, so every image is decoded and encoded) for the
// settings that matter on a CPU: onnxruntime intra-op threads, thread spinning, graph optimisation level,
// memory arena, preprocessing workers and batch size, one factor at a time from the defaults.
// Needs `npm run build` and the ViT-B/32-shaped model and photos of bench/throughput.mjs.
// Usage: node bench/tuning.mjs [--model DIR] [--data DIR] [--images N]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULTS } from '../dist/config/defaults.js';
import { openRuntime } from '../dist/features/runtime.js';
import { runZeroShot } from '../dist/tasks/zeroshot/run.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'bench/.work/throughput/vit-b32' },
    data: { type: 'string', default: 'bench/.work/throughput/photos' },
    images: { type: 'string', default: '96' },
  },
});

const base = { threads: 2, decodeWorkers: DEFAULTS.decodeWorkers, batchSize: DEFAULTS.batchSize, session: {} };
const variants = [
  ['defaults', {}],
  ['threads 1', { threads: 1 }],
  ['spinning on', { session: { spinning: true } }],
  ['prepacking off', { session: { prepacking: false } }],
  ['graph optimisation basic', { session: { graphOptimization: 'basic' } }],
  ['memory arena off', { session: { memoryArena: false } }],
  ['decode workers 0 (main thread)', { decodeWorkers: 0 }],
  ['decode workers 1', { decodeWorkers: 1 }],
  ['decode workers 3', { decodeWorkers: 3 }],
  ['batch size 8', { batchSize: 8 }],
  ['batch size 64', { batchSize: 64 }],
];

async function measure(setting) {
  const out = mkdtempSync(join(tmpdir(), 'clip-eval-tuning-'));
  const runtime = await openRuntime({ model: values.model, threads: setting.threads, decodeWorkers: setting.decodeWorkers, cacheDir: null, session: setting.session });
  try {
    const { metrics } = await runZeroShot(runtime, {
      dataset: 'imagefolder', data: values.data, templates: 'single', ensemble: 'mean-of-normalized',
      batchSize: setting.batchSize, limit: Number(values.images), out, saveEmbeddings: false, quiet: true,
    });
    // The whole run: its images start decoding while the classifier is built, so seconds.images alone would
    // leave out the first batches.
    return metrics.n / metrics.seconds.total;
  } finally {
    await runtime.close();
    rmSync(out, { recursive: true, force: true });
  }
}

// One unmeasured run first (photos into the page cache, code through the JIT), so that the defaults,
// measured first, do not pay for a cold start.
await measure(base);
const results = [];
for (const [name, change] of variants) {
  const setting = { ...base, ...change, session: { ...base.session, ...(change.session ?? {}) } };
  const rate = await measure(setting);
  results.push([name, rate]);
  console.log(`${name.padEnd(34)} ${rate.toFixed(2)} images/s`);
}
const reference = results[0][1];
console.log('\nratio to the defaults:');
for (const [name, rate] of results) console.log(`${name.padEnd(34)} ${(rate / reference).toFixed(3)}`);
