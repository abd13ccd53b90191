// Peak RSS of `clip-eval zeroshot` (cold cache, --save-embeddings) on 5,000 and on 50,000 generated JPEGs:
// streaming datasets, chunked cache writes and streamed outputs keep it flat. Needs `npm run build`.
// A process's peak RSS varies by 10-15% from run to run (where glibc's per-thread malloc arenas stand when
// the garbage collector frees pixel buffers), so each size runs --runs times, interleaved, and the goal is
// checked on the medians; every run is printed.
// Usage: node bench/memory.mjs [--model DIR] [--small N] [--large N] [--runs N] [--decode-workers N]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { encodeJpeg } from '../dist/image/decode.js';

const { values } = parseArgs({
  options: {
    model: { type: 'string', default: 'test/fixtures/models/combined' },
    small: { type: 'string', default: '5000' },
    large: { type: 'string', default: '50000' },
    runs: { type: 'string', default: '3' },
    'decode-workers': { type: 'string' },
  },
});
const WORK = 'bench/.work/memory';

/** N JPEGs of 160x120 in 100 class folders, written once and reused. */
async function images(n) {
  const dir = join(WORK, `images-${n}`);
  if (existsSync(join(dir, '.complete'))) return dir;
  for (let i = 0; i < n; i++) {
    const data = new Uint8Array(160 * 120 * 3);
    for (let p = 0; p < data.length; p++) data[p] = (p * 7 + i * 131 + ((p / 480) | 0) * (i % 13)) & 255;
    const folder = join(dir, `class_${String(i % 100).padStart(3, '0')}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, `${i}.jpg`), await encodeJpeg({ width: 160, height: 120, channels: 3, data }, 85));
  }
  writeFileSync(join(dir, '.complete'), '');
  return dir;
}

function peakRss(data) {
  const work = mkdtempSync(join(tmpdir(), 'clip-eval-mem-'));
  try {
    const rssFile = join(work, 'rss');
    const start = performance.now();
    const run = spawnSync(process.execPath, ['--import', './bench/rss-probe.mjs', 'bin/clip-eval.js', 'zeroshot', '--model', values.model, '--data', data,
      '--cache-dir', join(work, 'cache'), '--out', join(work, 'out'), '--save-embeddings',
      ...(values['decode-workers'] !== undefined ? ['--decode-workers', values['decode-workers']] : [])], { encoding: 'utf8', env: { ...process.env, RSS_OUT: rssFile } });
    if (run.status !== 0) throw new Error(run.stderr);
    const n = JSON.parse(readFileSync(join(work, 'out', 'metrics.json'), 'utf8')).n;
    return { n, mib: Number(readFileSync(rssFile, 'utf8')) / 1024, seconds: (performance.now() - start) / 1000 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const sets = { small: await images(Number(values.small)), large: await images(Number(values.large)) };
const peaks = { small: [], large: [] };
for (let run = 0; run < Number(values.runs); run++) {
  for (const size of ['small', 'large']) {
    const result = peakRss(sets[size]);
    peaks[size].push(result.mib);
    console.log(`run ${run + 1}: ${result.n} images, peak RSS ${result.mib.toFixed(0)} MiB (${result.seconds.toFixed(0)} s)`);
  }
}
const [small, large] = [median(peaks.small), median(peaks.large)];
console.log(`median peak RSS: ${values.small} images ${small.toFixed(0)} MiB, ${values.large} images ${large.toFixed(0)} MiB`);
console.log(`ratio large/small: ${(large / small).toFixed(3)} of the medians (goal: below 1.2); extremes ${(Math.min(...peaks.large) / Math.max(...peaks.small)).toFixed(3)}-${(Math.max(...peaks.large) / Math.min(...peaks.small)).toFixed(3)}`);
