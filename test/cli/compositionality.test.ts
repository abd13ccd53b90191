import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCsv, type CsvRecord } from '../../src/core/csv.js';
import { runCli } from '../helpers/cli.js';
import { LOCAL_FIXTURES, readNpy } from '../helpers/shared.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-compo-cli-'));
const cache = join(tmp, 'cache');
const TOY = join(LOCAL_FIXTURES, 'models', 'combined');
const DATA = join(LOCAL_FIXTURES, 'datasets');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ATOL = 1e-12;

async function run(dataset: string, root: string, out: string) {
  const result = await runCli(['compositionality', '--model', TOY, '--dataset', dataset, '--data', root, '--out', out, '--cache-dir', cache]);
  expect(result.code, result.stderr).toBe(0);
  return {
    stderr: result.stderr,
    metrics: JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')),
    rows: parseCsv(readFileSync(join(out, 'predictions.csv')), 'predictions.csv').records,
    failures: parseCsv(readFileSync(join(out, 'failures.csv')), 'failures.csv').records,
  };
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const share = (rows: readonly CsvRecord[], ok: (r: CsvRecord) => boolean) => rows.filter(ok).length / rows.length;
const values = (rows: readonly CsvRecord[], key: string) => [...new Set(rows.flatMap((r) => (r[key] === '' ? [] : r[key]!.split('|'))))].sort();
const having = (rows: readonly CsvRecord[], key: string, value: string) => rows.filter((r) => r[key]!.split('|').includes(value));

/** A choice item from its saved scores: right when the answer's score beats every earlier one and is not beaten by a later one. */
function choiceRight(r: CsvRecord): boolean {
  const scores = Object.keys(r).filter((k) => /^score_\d+$/.test(k) && r[k] !== '').map((k) => Number(r[k]));
  const answer = Number(r.answer);
  return scores.every((s, j) => (j < answer ? s < scores[answer]! : j > answer ? s <= scores[answer]! : true));
}

type Table = { key: string; rows: { value: string; n: number; scores: Record<string, number>; macro?: { parts: number; scores: Record<string, number> } }[] };
const table = (metrics: { groups: Table[] }, key: string) => metrics.groups.find((g) => g.key === key)!;

describe('clip-eval compositionality', () => {
  it('sugar_crepe: accuracy per subset and per family recomputed from the saved scores; a missing image is a listed failure', async () => {
    const out = join(tmp, 'sugar');
    const { metrics, rows, failures, stderr } = await run('sugar_crepe', join(DATA, 'sugar-crepe'), out);
    expect(stderr).toMatch(/sugar_crepe: accuracy [\d.]+% on 11 items \(1 failed\)/);
    expect(metrics).toMatchObject({ task: 'compositionality', dataset: 'sugar_crepe', n: 11, n_failed: 1 });
    expect(failures).toEqual([expect.objectContaining({ id: 'swap_obj/7', path: join(DATA, 'sugar-crepe', 'val2017', '000000999999.jpg') })]);
    expect(failures[0]!.reason).toMatch(/000000999999\.jpg/);
    expect(rows).toHaveLength(11);
    for (const r of rows) expect(r.correct).toBe(choiceRight(r) ? '1' : '0');
    expect(metrics.scores.accuracy).toBeCloseTo(share(rows, choiceRight), 12);
    const subsets = table(metrics, 'subset');
    expect(subsets.rows.map((r) => r.value)).toEqual(values(rows, 'subset'));
    for (const r of subsets.rows) expect(Math.abs(r.scores.accuracy! - share(having(rows, 'subset', r.value), choiceRight))).toBeLessThan(ATOL);
    const families = table(metrics, 'family');
    expect(families.rows.map((r) => r.value)).toEqual(['add', 'replace', 'swap']);
    for (const f of families.rows) {
      const inFamily = having(rows, 'family', f.value);
      const parts = values(inFamily, 'subset').map((s) => share(having(inFamily, 'subset', s), choiceRight));
      expect(f.macro!.parts).toBe(parts.length);
      expect(Math.abs(f.macro!.scores.accuracy! - mean(parts))).toBeLessThan(ATOL);
      expect(Math.abs(f.scores.accuracy! - share(inFamily, choiceRight))).toBeLessThan(ATOL);
    }
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toContain('Accuracy per subset');
    expect(report).toContain('replace_rel');

    // Second run: every image from the cache, the same figures.
    const again = await run('sugar_crepe', join(DATA, 'sugar-crepe'), join(tmp, 'sugar2'));
    expect(again.metrics.feature_cache).toMatchObject({ computed: 0, hits: 4 });
    expect(again.metrics.groups).toEqual(metrics.groups);
  });

  it('winoground: text, image and group scores, overall and by tag, recomputed from the four saved cosines', async () => {
    const { metrics, rows, failures } = await run('winoground', join(DATA, 'winoground'), join(tmp, 'wino'));
    expect(metrics).toMatchObject({ n: 4, n_failed: 1 });
    expect(failures).toEqual([expect.objectContaining({ id: '3', path: join(DATA, 'winoground', 'data', 'images', 'ex_3_img_1.png') })]);
    const s = (r: CsvRecord, c: number, i: number) => Number(r[`c${c}_i${i}`]);
    const text = (r: CsvRecord) => s(r, 0, 0) > s(r, 1, 0) && s(r, 1, 1) > s(r, 0, 1);
    const image = (r: CsvRecord) => s(r, 0, 0) > s(r, 0, 1) && s(r, 1, 1) > s(r, 1, 0);
    const group = (r: CsvRecord) => text(r) && image(r);
    for (const r of rows) expect([r.text_correct, r.image_correct, r.group_correct]).toEqual([text(r), image(r), group(r)].map((b) => (b ? '1' : '0')));
    // The fixture's captions give the test model every combination of text and image outcomes once.
    expect(rows.map((r) => `${r.text_correct}${r.image_correct}`).sort()).toEqual(['00', '01', '10', '11']);
    expect(metrics.scores).toEqual({ text_score: share(rows, text), image_score: share(rows, image), group_score: share(rows, group) });
    for (const key of ['collapsed_tag', 'tag', 'secondary_tag', 'num_main_preds']) {
      const t = table(metrics, key);
      expect(t.rows.map((r) => r.value)).toEqual(values(rows, key));
      for (const r of t.rows) {
        const part = having(rows, key, r.value);
        expect(r.n).toBe(part.length);
        expect(r.scores).toEqual({ text_score: share(part, text), image_score: share(part, image), group_score: share(part, group) });
      }
    }
    expect(table(metrics, 'secondary_tag').rows.map((r) => r.value)).toEqual(['Pragmatics', 'Series', 'Symbolic']);

    // The saved cosines themselves, from embeddings the `embed` and `embed-text` commands write.
    const emb = join(tmp, 'wino-embed');
    expect((await runCli(['embed', '--model', TOY, '--dataset', 'imagefolder', '--data', join(DATA, 'winoground', 'data'), '--out', emb, '--no-cache'])).code).toBe(0);
    const paths = parseCsv(readFileSync(join(emb, 'samples.csv')), 'samples.csv').records.map((r) => `data/${r.path}`);
    const images = readNpy(join(emb, 'features.npy'));
    const captions = rows.flatMap((r) => [r.caption_0!, r.caption_1!]);
    expect((await runCli(['embed-text', '--model', TOY, '--out', join(tmp, 'wino-text.npy'), ...captions])).code).toBe(0);
    const texts = readNpy(join(tmp, 'wino-text.npy'));
    const vec = (a: ReturnType<typeof readNpy>, i: number) => Array.from({ length: a.shape[1]! }, (_, j) => Number(a.data[i * a.shape[1]! + j]));
    const cosine = (a: number[], b: number[]) => a.reduce((t, x, j) => t + x * b[j]!, 0) / Math.hypot(...a) / Math.hypot(...b);
    rows.forEach((r, k) => {
      for (const c of [0, 1]) {
        for (const i of [0, 1]) expect(Math.abs(cosine(vec(texts, 2 * k + c), vec(images, paths.indexOf(r[`image_${i}`]!))) - s(r, c, i))).toBeLessThan(1e-6);
      }
    });
  });

  it('aro: VG-Relation macro accuracy without the symmetric relations, VG-Attribution over pairs with 25 or more items', async () => {
    const rel = await run('aro_vg_relation', join(DATA, 'aro'), join(tmp, 'vgr'));
    expect(rel.metrics).toMatchObject({ n: 7, n_failed: 1 });
    expect(rel.failures[0]!.path).toBe(join(DATA, 'aro', 'images', 'missing.jpg'));
    for (const r of rel.rows) expect(r.correct).toBe(choiceRight(r) ? '1' : '0');
    const kept = values(rel.rows, 'relation').filter((v) => v !== 'next to');
    expect(rel.metrics.macro.value).toBeCloseTo(mean(kept.map((v) => share(having(rel.rows, 'relation', v), choiceRight))), 12);
    expect(rel.metrics.macro.excluded).toEqual([{ value: 'next to', reason: 'excluded', n: 1 }]);
    const att = await run('aro_vg_attribution', join(DATA, 'aro'), join(tmp, 'vga'));
    expect(att.metrics.macro).toMatchObject({ included: 1, excluded: [{ value: 'white_small', reason: 'too few items', n: 2 }] });
    expect(att.metrics.macro.value).toBeCloseTo(share(having(att.rows, 'attributes', 'red_wooden'), choiceRight), 12);
  });

  it('aro_coco_order: Precision@1 of the true caption among its 5 options (a tie counts for it, as numpy argmax)', async () => {
    const { metrics, rows, failures } = await run('aro_coco_order', join(DATA, 'aro'), join(tmp, 'coco-order'));
    expect(metrics).toMatchObject({ n: 3, n_failed: 1 });
    expect(failures[0]!.path).toBe(join(DATA, 'aro', 'val2014', 'COCO_val2014_000000000001.jpg'));
    for (const r of rows) expect(r.correct).toBe(choiceRight(r) ? '1' : '0');
    expect(rows[2]).toMatchObject({ answer: '0', pred: '0', correct: '1' });
    expect(metrics.scores.accuracy).toBeCloseTo(share(rows, choiceRight), 12);
  });

  it('a malformed annotation file is a one-line error naming the file and line', async () => {
    const root = join(tmp, 'bad-wino');
    cpSync(join(DATA, 'winoground'), root, { recursive: true });
    const jsonl = join(root, 'data', 'examples.jsonl');
    const lines = readFileSync(jsonl, 'utf8').split('\n');
    writeFileSync(jsonl, [lines[0], lines[1], lines[2]!.slice(0, 25)].join('\n'));
    const result = await runCli(['compositionality', '--model', TOY, '--dataset', 'winoground', '--data', root, '--out', join(tmp, 'bad'), '--no-cache']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(`${jsonl}:3: not a JSON object`);
  });
});
