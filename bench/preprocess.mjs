#!/usr/bin/env node
// Preprocessing throughput: one thread (in-process) vs the worker pool, on a ~500x375 JPEG to 224.
// Runs over the compiled library: `npm run build && node bench/preprocess.mjs [image] [--workers N] [--n N]`.
import { readFileSync, existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import { DEFAULTS } from '../dist/config/defaults.js';
import { DEFAULT_PREPROCESS } from '../dist/core/preprocess-config.js';
import { decodeImage, readImageHeader } from '../dist/image/decode.js';
import { createPreprocessPool } from '../dist/image/pool.js';
import { preprocessImage } from '../dist/image/preprocess.js';

const SHARED = new URL('../../shared/fixtures/images/architecture/china_pagoda_500x375.jpg', import.meta.url);
const LOCAL = new URL('../test/fixtures/image/images/photo_640x427.jpg', import.meta.url);
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { workers: { type: 'string', default: String(availableParallelism()) }, n: { type: 'string', default: '400' } },
});
const path = positionals[0] ?? (existsSync(SHARED) ? SHARED : LOCAL);
const n = Number(values.n);
const workers = Number(values.workers);
const source = { kind: 'encoded', bytes: new Uint8Array(readFileSync(path)), name: String(path) };

async function rate(label, run, count = n) {
  await Promise.all(Array.from({ length: Math.min(50, count) }, run)); // warm-up: JIT, sharp, workers
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(Array.from({ length: count }, run));
  const seconds = (performance.now() - start) / 1000;
  const { user, system } = process.cpuUsage(cpu);
  // CPU time covers every thread of the process; on a shared machine it is steadier than wall time.
  const perImage = ((seconds * 1000) / count).toFixed(2).padStart(6);
  const cpuPerImage = ((user + system) / 1000 / count).toFixed(2).padStart(6);
  console.log(`${label.padEnd(34)} ${(count / seconds).toFixed(1).padStart(8)} images/s  ${perImage} ms/image  ${cpuPerImage} CPU ms/image`);
  return count / seconds;
}

/** Runs `task` `count` times one after another (the single-thread figures). */
function sequential(task) {
  let chain = Promise.resolve();
  return () => (chain = chain.then(task));
}

console.log(`image ${path}, ${n} runs, ${availableParallelism()} CPUs`);
const header = await readImageHeader(source.bytes, source.name, DEFAULTS.maxPixels);
await rate('decode only (sharp), 1 thread', sequential(() => decodeImage(source.bytes, source.name, { autoOrient: false, header })));
const single = await rate('decode + preprocess, 1 thread', sequential(() => preprocessImage(source, DEFAULT_PREPROCESS)));
const pool = createPreprocessPool(DEFAULT_PREPROCESS, { workers });
try {
  // Every request writes one of 64 slots of shared batch memory, as a run's batches do.
  const values = 3 * DEFAULT_PREPROCESS.cropSize ** 2;
  const batch = pool.allocate(64);
  const pooled = await rate(`worker pool (${workers} workers)`, (_, i) => pool.preprocess(source, batch.subarray((i % 64) * values, ((i % 64) + 1) * values)));
  console.log(`pool / single thread: ${(pooled / single).toFixed(2)}x`);
} finally {
  await pool.close();
}
