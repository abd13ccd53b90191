import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { mergeResults } from '../../src/results/merge.js';
import { RESULT_SCHEMA, type ResultRow } from '../../src/results/result-row.js';
import { readResults, recordResult } from '../../src/results/store.js';
import { readCsv } from '../../src/core/csv.js';

const root = mkdtempSync(join(tmpdir(), 'clip-eval-results-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function zeroShot(over: Partial<ResultRow> = {}): ResultRow {
  return {
    schema: RESULT_SCHEMA,
    task: 'zeroshot',
    model: 'models/tiny-clip',
    dataset: 'emoji',
    split: 'id',
    templates: 'default',
    n: 400,
    config_hash: 'abc123',
    harness_version: '0.1.0',
    time: '2026-01-01T00:00:00.000Z',
    metrics: { top1: 0.8125, top5: 0.97, mean_per_class_recall: 0.8 },
    ...over,
  } as ResultRow;
}

const tmp = () => mkdtemp(join(root, 'clip-eval-results-'));

describe('results store', () => {
  it('records a JSONL row, a CSV export and the CLIP_benchmark JSON', async () => {
    const dir = await tmp();
    await recordResult(dir, zeroShot());
    await recordResult(dir, zeroShot({ split: 'sketch', time: '2026-01-01T00:01:00.000Z', metrics: { top1: 0.5, top5: null, mean_per_class_recall: null } }));
    const rows = await readResults(dir);
    expect(rows.map((r) => r.split)).toEqual(['id', 'sketch']);
    const csv = await readCsv(join(dir, 'results.csv'), ['model', 'dataset', 'split', 'task', 'top1', 'config_hash']);
    expect(csv.records[1]!.top5).toBe('');
    const benchmark = JSON.parse(await readFile(join(dir, 'emoji-id_tiny-clip_tiny-clip_en_zeroshot_classification.json'), 'utf8'));
    expect(benchmark).toEqual({ dataset: 'emoji', split: 'id', model: 'models/tiny-clip', pretrained: 'models/tiny-clip', language: 'en', task: 'zeroshot_classification', metrics: { acc1: 0.8125, acc5: 0.97, mean_per_class_recall: 0.8 } });
    expect(existsSync(join(dir, 'emoji-sketch_tiny-clip_tiny-clip_en_zeroshot_classification.json'))).toBe(true);
  });

  it('linear probes map to CLIP_benchmark lp_ metrics; template comparisons write none', async () => {
    const dir = await tmp();
    await recordResult(dir, zeroShot({ task: 'linear-probe', label: 'probe C=1', metrics: { top1: 0.9, top5: null, mean_per_class_recall: 0.88 } } as Partial<ResultRow>));
    await recordResult(dir, zeroShot({ task: 'template-compare', metrics: { top1: 0.7, best_single_top1: 0.75, ensemble_all_top1: 0.8, greedy_top1: null } } as Partial<ResultRow>));
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
    expect(files).toEqual(['emoji-id_tiny-clip_tiny-clip_en_linear_probe.json']);
    const json = JSON.parse(await readFile(join(dir, files[0]!), 'utf8'));
    expect(json.metrics).toEqual({ lp_acc1: 0.9, lp_mean_per_class_recall: 0.88 });
  });

  it('a rerun of the same run (task, config hash, dataset, split) replaces its row; others are kept', async () => {
    const dir = await tmp();
    await recordResult(dir, zeroShot());
    await recordResult(dir, zeroShot({ split: 'sketch' }));
    await recordResult(dir, zeroShot({ config_hash: 'other' }));
    await recordResult(dir, zeroShot({ time: '2026-01-02T00:00:00.000Z', metrics: { top1: 0.9, top5: null, mean_per_class_recall: null } }));
    const rows = await readResults(dir);
    expect(rows.map((r) => `${r.split}/${r.config_hash}`)).toEqual(['sketch/abc123', 'id/other', 'id/abc123']);
    expect(rows[2]!.metrics.top1).toBe(0.9);
    const csv = await readCsv(join(dir, 'results.csv'), ['split', 'config_hash']);
    expect(csv.records).toHaveLength(3);
    expect((await readdir(dir)).filter((f) => f.endsWith('.lock') || f.endsWith('.tmp'))).toEqual([]);
  });

  it('a report lists each run once, its latest row, even from a store that holds it twice', async () => {
    const dir = await tmp();
    const { writeResults } = await import('../../src/results/store.js');
    const { collectReport } = await import('../../src/report/folder.js');
    await writeResults(dir, [zeroShot({ metrics: { top1: 0.1, top5: null, mean_per_class_recall: null } }), zeroShot({ time: '2026-01-03T00:00:00.000Z', metrics: { top1: 0.7, top5: null, mean_per_class_recall: null } })]);
    const sections = await collectReport(dir);
    const table = sections.find((s) => s.kind === 'table');
    expect(table?.kind === 'table' && table.table.rows.length).toBe(1);
  });

  it('concurrent writers each keep their row (the store is rewritten under a lock)', async () => {
    const dir = await tmp();
    await Promise.all(Array.from({ length: 12 }, (_, i) => recordResult(dir, zeroShot({ split: `s${i}` }))));
    expect((await readResults(dir)).map((r) => r.split).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `s${i}`).sort());
  });

  it('refuses percentages and broken lines with what to do', async () => {
    const dir = await tmp();
    await expect(recordResult(dir, zeroShot({ metrics: { top1: 81.25, top5: null, mean_per_class_recall: null } }))).rejects.toThrow(/looks like a percentage.*divide by 100/);
    await writeFile(join(dir, 'results.jsonl'), JSON.stringify(zeroShot()) + '\n{"task": "zeroshot", "mod');
    await expect(readResults(dir)).rejects.toThrow(/results\.jsonl:2: not a JSON line/);
  });

  it('merge joins folders recursively, drops exact duplicates and orders by time', async () => {
    const a = await tmp();
    const b = await tmp();
    await recordResult(join(a, 'run1'), zeroShot({ time: '2026-01-02T00:00:00.000Z' }));
    await recordResult(join(a, 'run2'), zeroShot({ model: 'other', time: '2026-01-01T00:00:00.000Z' }));
    await recordResult(b, zeroShot({ time: '2026-01-02T00:00:00.000Z' }));
    const out = await tmp();
    const summary = await mergeResults(out, [a, b]);
    expect(summary).toMatchObject({ rows: 2, duplicates: 1 });
    expect((await readResults(out)).map((r) => r.model)).toEqual(['other', 'models/tiny-clip']);
    await expect(mergeResults(out, [join(a, 'nope')])).rejects.toThrow(/does not exist/);
  });
});
