import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { csvLine } from '../core/csv.js';
import { ClipEvalError } from '../core/errors.js';
import { readJsonObject, withFileErrors, writeFileAtomic, writeJsonAtomic } from '../core/fs.js';
import { decodeNpy, encodeNpy } from '../core/npy.js';
import { parseCsv, type CsvRecord } from '../core/csv.js';
import { ClassificationCounter } from '../metrics/classification.js';
import { calibrationAccumulators } from '../metrics/registry.js';
import { recordResult } from '../results/store.js';
import { PROBABILITY_COLUMNS } from './zeroshot/probabilities.js';
import { zeroShotResultRow, type ZeroShotMetrics } from './zeroshot/result.js';

interface ShardFolder {
  readonly dir: string;
  readonly metrics: ZeroShotMetrics;
  readonly index: number;
  readonly count: number;
}

async function readShard(dir: string): Promise<ShardFolder> {
  const path = join(dir, 'metrics.json');
  if (!existsSync(path)) throw new ClipEvalError('SHARD', `${dir}: no metrics.json (is it the --out folder of a finished 'zeroshot --shard I/N' run?)`);
  const metrics = (await readJsonObject(path, 'shard metrics')) as unknown as ZeroShotMetrics;
  const match = /^(\d+)\/(\d+)$/.exec(typeof metrics.shard === 'string' ? metrics.shard : '');
  if (!match) throw new ClipEvalError('SHARD', `${dir}: metrics.json is not from a sharded run (shard: ${JSON.stringify(metrics.shard)})`);
  if (!Array.isArray(metrics.per_class) || typeof metrics.config_hash !== 'string') {
    throw new ClipEvalError('SHARD', `${path} lacks per_class or config_hash: it is not a zeroshot metrics.json (rerun that shard)`);
  }
  return { dir, metrics, index: Number(match[1]), count: Number(match[2]) };
}

/** Every shard of one run, once each: same config hash, same N, indices 0..N-1. */
function checkShards(shards: readonly ShardFolder[]): void {
  const first = shards[0];
  if (!first) throw new ClipEvalError('USAGE', 'merge needs at least one shard folder');
  for (const s of shards) {
    if (s.metrics.config_hash !== first.metrics.config_hash) {
      throw new ClipEvalError('SHARD', `${s.dir} was run with another model or configuration than ${first.dir} (config hash ${s.metrics.config_hash} vs ${first.metrics.config_hash}); merge only shards of one run`);
    }
    if (s.count !== first.count) throw new ClipEvalError('SHARD', `${s.dir} is shard ${s.index}/${s.count} but ${first.dir} is ${first.index}/${first.count}: the shard counts differ`);
  }
  const seen = new Map<number, string>();
  for (const s of shards) {
    const other = seen.get(s.index);
    if (other) throw new ClipEvalError('SHARD', `shard ${s.index}/${s.count} was given twice: ${other} and ${s.dir}`);
    seen.set(s.index, s.dir);
  }
  const missing = Array.from({ length: first.count }, (_, i) => i).filter((i) => !seen.has(i));
  if (missing.length > 0) throw new ClipEvalError('SHARD', `missing shard(s) ${missing.map((i) => `${i}/${first.count}`).join(', ')}: pass every shard folder of the run`);
}

async function readRows(path: string): Promise<{ columns: readonly string[]; rows: readonly CsvRecord[] }> {
  if (!existsSync(path)) throw new ClipEvalError('SHARD', `${path} is missing: the shard did not finish (rerun it)`);
  const table = parseCsv(await withFileErrors(path, () => readFile(path)), path);
  return { columns: table.columns, rows: table.records };
}

function byIndex(a: CsvRecord, b: CsvRecord): number {
  return Number(a.index) - Number(b.index);
}

/**
 * Combines the folders of `zeroshot --shard I/N` runs into the outputs a single process would have written:
 * predictions and failures in dataset order, metrics recounted from the predictions, embeddings in row order.
 */
export async function mergeZeroShotShards(shardDirs: readonly string[], out: string): Promise<ZeroShotMetrics> {
  if (existsSync(join(out, 'metrics.json'))) throw new ClipEvalError('SHARD', `${out} already holds a metrics.json; merge into a new folder (nothing was overwritten)`);
  const shards = await Promise.all(shardDirs.map(readShard));
  checkShards(shards);
  shards.sort((a, b) => a.index - b.index);
  const base = shards[0]!.metrics;

  const predictions = await Promise.all(shards.map((s) => readRows(join(s.dir, 'predictions.csv'))));
  const columns = predictions[0]!.columns;
  predictions.forEach((p, i) => {
    if (p.columns.join(',') !== columns.join(',')) {
      throw new ClipEvalError('SHARD', `${join(shards[i]!.dir, 'predictions.csv')} has columns ${p.columns.join(',')} but ${join(shards[0]!.dir, 'predictions.csv')} has ${columns.join(',')}; merge only shards of one run`);
    }
  });
  const rows = predictions.flatMap((p) => p.rows.map((r, position) => ({ r, position, shard: p }))).sort((a, b) => byIndex(a.r, b.r));

  const labels = base.per_class.map((p) => p.class);
  const labelIndex = new Map(labels.map((l, i) => [l, i]));
  // predictions.csv holds ranked labels, not scores: the rank metrics are recounted from them exactly.
  const counter = new ClassificationCounter(labels);
  const indexOf = (name: string | undefined, shard: ShardFolder, line: number): number => {
    const index = labelIndex.get(name ?? '');
    if (index === undefined) throw new ClipEvalError('SHARD', `${join(shard.dir, 'predictions.csv')}:${line + 2}: label '${name}' is not one of the run's ${labels.length} classes; the shard does not belong to this run`);
    return index;
  };
  // The calibration figures need only each row's top-1 probability and correctness, which it holds.
  const calibration = columns.includes(PROBABILITY_COLUMNS.pred) ? calibrationAccumulators() : undefined;
  for (const { r, position, shard } of rows) {
    const dir = shards[predictions.indexOf(shard)]!;
    counter.add(indexOf(r.label, dir, position), (r.top5 ?? '').split('|').map((name) => indexOf(name, dir, position)));
    if (calibration) {
      const p = Math.fround(Number(r[PROBABILITY_COLUMNS.pred]));
      if (!(p >= 0 && p <= 1) || r[PROBABILITY_COLUMNS.pred] === '') throw new ClipEvalError('SHARD', `${join(dir.dir, 'predictions.csv')}:${position + 2}: ${PROBABILITY_COLUMNS.pred} '${r[PROBABILITY_COLUMNS.pred]}' is not a probability`);
      calibration.add([p], [r.correct === '1' ? 1 : 0]);
    }
  }
  await writeFileAtomic(join(out, 'predictions.csv'), csvLine(columns) + rows.map(({ r }) => csvLine(columns.map((c) => r[c]))).join(''));

  const failures = (await Promise.all(shards.map((s) => readRows(join(s.dir, 'failures.csv'))))).flatMap((t) => [...t.rows]).sort(byIndex);
  await writeFileAtomic(join(out, 'failures.csv'), csvLine(['index', 'path', 'reason']) + failures.map((f) => csvLine([f.index, f.path, f.reason])).join(''));
  await writeFileAtomic(join(out, 'skipped.csv'), await readFile(join(shards[0]!.dir, 'skipped.csv')));

  // Row-aligned arrays (rows as predictions.csv) are put in the merged row order, when every shard wrote one.
  const mergeRows = async (file: string): Promise<boolean> => {
    if (!shards.every((s) => existsSync(join(s.dir, file)))) return false;
    const arrays = await Promise.all(shards.map(async (s) => decodeNpy(await readFile(join(s.dir, file)), join(s.dir, file))));
    const width = arrays[0]!.shape[1] ?? 0;
    const data = new Float32Array(rows.length * width);
    const shardOf = new Map(predictions.map((p, i) => [p, arrays[i]!]));
    rows.forEach(({ shard, position }, i) => data.set((shardOf.get(shard)!.data as Float32Array).subarray(position * width, (position + 1) * width), i * width));
    await writeFileAtomic(join(out, file), encodeNpy({ dtype: 'float32', shape: [rows.length, width], data }));
    return true;
  };
  if (await mergeRows('image_embeddings.npy')) await writeFileAtomic(join(out, 'classifier.npy'), await readFile(join(shards[0]!.dir, 'classifier.npy')));
  await mergeRows('logits.npy'); // the model's own scores

  const counts = counter.result();
  const paperValue = (counts as unknown as Partial<Record<string, number>>)[base.paper_metric.name];
  if (typeof paperValue !== 'number') {
    throw new ClipEvalError('SHARD', `${base.dataset}'s paper metric ${base.paper_metric.name} needs the shards' scores, which predictions.csv does not hold; run it unsharded`);
  }
  const sum = (f: (m: ZeroShotMetrics) => number) => shards.reduce((a, s) => a + f(s.metrics), 0);
  // A shard's own calibration figures cover its rows only: recounted above, or dropped.
  const { expected_calibration_error: _ece, mean_confidence: _confidence, ...rest } = base;
  void _ece;
  void _confidence;
  const merged: ZeroShotMetrics = {
    ...rest,
    ...counts,
    ...(calibration ? calibration.result() : {}),
    paper_metric: { name: base.paper_metric.name, value: paperValue },
    n_failed: failures.length,
    shard: null,
    feature_cache: { hits: sum((m) => m.feature_cache.hits), computed: sum((m) => m.feature_cache.computed), dir: base.feature_cache.dir },
    seconds: { text: sum((m) => m.seconds.text), images: sum((m) => m.seconds.images), total: sum((m) => m.seconds.total) },
    time: new Date().toISOString(),
  };
  await writeJsonAtomic(join(out, 'metrics.json'), { ...merged, merged_from: shards.map((s) => s.dir) });
  await recordResult(out, zeroShotResultRow(merged, undefined));
  return merged;
}
