import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/core/csv.js';
import { matrix, type Matrix } from '../../src/core/tensor.js';
import { calibrationAccumulators } from '../../src/metrics/registry.js';
import { headProbabilities } from '../../src/model/scoring-head.js';
import { runCli } from '../helpers/cli.js';
import { writeTestImage } from '../helpers/images.js';
import { FIXTURES, hasShared, LOCAL_FIXTURES, readNpy, TINY_CLIP } from '../helpers/shared.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-probs-'));
const cache = join(tmp, 'cache');
const images = join(tmp, 'images');
const SIGLIP = join(LOCAL_FIXTURES, 'models', 'siglip-tiny');
const FAIRFACE = join(LOCAL_FIXTURES, 'datasets', 'fairface');
/** Our naive float64 softmax / sigmoid against the float32 probabilities the run wrote. */
const FAMILY_ATOL = 1e-6;
/** NumPy's figures from these runs' logits.npy (tools/make-calibration-oracles.py --runs); logits may move by ulps across machines. */
const RUN_ORACLES = JSON.parse(readFileSync(join(LOCAL_FIXTURES, '..', 'metrics', 'fixtures', 'calibration-runs.json'), 'utf8')) as Record<string, { kind: string; n: number; values: Record<string, number> }>;
const ORACLE_ATOL = 1e-6;

function expectOracle(name: string, run: Run): void {
  const oracle = RUN_ORACLES[name]!;
  expect(run.metrics.n).toBe(oracle.n);
  expect(run.metrics.probabilities).toBe(oracle.kind);
  for (const key of ['expected_calibration_error', 'mean_confidence']) expect(Math.abs((run.metrics[key] as number) - oracle.values[key]!), key).toBeLessThan(ORACLE_ATOL);
}
const FAIRFACE_ARGS = ['--dataset', 'fairface', '--data', FAIRFACE, '--split', 'val:race-gender-harm'];
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  for (const [c, cls] of ['cat', 'dog', 'bird'].entries()) {
    for (let i = 0; i < 4; i++) await writeTestImage(join(images, cls, `${i}.png`), 36 + 5 * i, 30 + 4 * c, 10 * c + i);
  }
});

interface Run {
  readonly columns: readonly string[];
  readonly rows: readonly Record<string, string>[];
  readonly metrics: Record<string, unknown> & { per_class: { class: string }[]; scoring: { kind: 'softmax' | 'sigmoid'; logit_scale: number | null; logit_bias: number | null; source: string } };
  readonly text: string;
}

async function zeroshot(model: string, out: string, extra: readonly string[] = ['--data', images]): Promise<Run> {
  const run = await runCli(['zeroshot', '--model', model, ...extra, '--out', out, '--cache-dir', cache, '--save-embeddings', '--templates', 'identity']);
  expect(run.code, run.stderr).toBe(0);
  const text = readFileSync(join(out, 'predictions.csv'), 'utf8');
  const table = parseCsv(text, 'predictions.csv');
  return { columns: table.columns, rows: table.records, metrics: JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')), text };
}

/** The family's probabilities computed here in float64, from the definitions. */
function naive(kind: 'softmax' | 'sigmoid', logits: Matrix): number[][] {
  return Array.from({ length: logits.rows }, (_, r) => {
    const row = Array.from(logits.data.subarray(r * logits.cols, (r + 1) * logits.cols));
    if (kind === 'sigmoid') return row.map((v) => 1 / (1 + Math.exp(-v)));
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  });
}

/** Each row's prob_pred / prob_label are headProbabilities of its logits.npy row, exactly, and the family's formula. */
function checkProbabilities(out: string, run: Run, kind: 'softmax' | 'sigmoid'): void {
  expect(run.metrics.probabilities).toBe(kind);
  expect(run.metrics.scoring.kind).toBe(kind);
  expect(run.columns.slice(-2)).toEqual(['prob_pred', 'prob_label']);
  const npy = readNpy(join(out, 'logits.npy'));
  const logits = matrix(npy.data as Float32Array, npy.shape[0]!, npy.shape[1]!);
  const classes = run.metrics.per_class.map((p) => p.class);
  expect(logits.rows).toBe(run.rows.length);
  expect(logits.cols).toBe(classes.length);
  const head = { kind, scale: run.metrics.scoring.logit_scale!, bias: run.metrics.scoring.logit_bias ?? undefined, source: 'test' };
  const probs = headProbabilities(head, logits, 'test');
  const reference = naive(kind, logits);
  run.rows.forEach((r, i) => {
    const pred = classes.indexOf(r.pred!);
    const label = classes.indexOf(r.label!);
    expect(Math.fround(Number(r.prob_pred))).toBe(probs.data[i * logits.cols + pred]);
    expect(Math.fround(Number(r.prob_label))).toBe(probs.data[i * logits.cols + label]);
    expect(Math.abs(Number(r.prob_pred) - reference[i]![pred]!)).toBeLessThan(FAMILY_ATOL);
    expect(Math.abs(Number(r.prob_label) - reference[i]![label]!)).toBeLessThan(FAMILY_ATOL);
    if (kind === 'softmax') expect(Math.abs(reference[i]!.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
    // the prediction is the most probable class
    expect(Math.fround(Number(r.prob_pred))).toBe(Math.max(...Array.from(probs.data.subarray(i * logits.cols, (i + 1) * logits.cols))));
  });
  // The calibration figures are those of the rows' (prob_pred, correct) pairs.
  const calibration = calibrationAccumulators();
  calibration.add(run.rows.map((r) => Math.fround(Number(r.prob_pred))), run.rows.map((r) => Number(r.correct)));
  const expected = calibration.result();
  expect(run.metrics.expected_calibration_error).toBe(expected.expected_calibration_error);
  expect(run.metrics.mean_confidence).toBe(expected.mean_confidence);
}

/** predictions.csv without the probability columns: what a run without probabilities writes, byte for byte. */
function withoutProbabilities(text: string): string {
  return text.split('\n').map((line) => (line === '' ? line : line.split(',').slice(0, -2).join(','))).join('\n');
}

describe('zeroshot probabilities and calibration', () => {
  it.skipIf(!hasShared)('tiny-random-clip: softmax probabilities of logit_scale x cosine, rows summing to 1', async () => {
    const out = join(tmp, 'clip');
    const run = await zeroshot(TINY_CLIP, out, ['--data', join(FIXTURES, 'images')]);
    expect(run.columns.slice(0, 6)).toEqual(['index', 'path', 'label', 'pred', 'correct', 'top5']);
    expect(run.metrics.scoring.logit_scale).toBe(100);
    checkProbabilities(out, run, 'softmax');
    expectOracle('tiny-random-clip/images', run);
  });

  it('the combined CLIP fixture on FairFace: softmax ECE and mean confidence equal NumPy\'s from its logits', async () => {
    const out = join(tmp, 'combined-ff');
    const run = await zeroshot(join(LOCAL_FIXTURES, 'models', 'combined'), out, FAIRFACE_ARGS);
    checkProbabilities(out, run, 'softmax');
    expectOracle('combined/fairface', run);
  });

  it('siglip-tiny: sigmoid probabilities with the combined graph\'s scale and bias; without the graph, no columns and one line why', async () => {
    const full = join(tmp, 'siglip');
    const run = await zeroshot(SIGLIP, full);
    expect(run.metrics.scoring.logit_bias).not.toBeNull();
    checkProbabilities(full, run, 'sigmoid');

    const towers = join(tmp, 'siglip-towers');
    cpSync(SIGLIP, towers, { recursive: true, filter: (src) => !src.endsWith(join('onnx', 'model.onnx')) });
    const bare = await zeroshot(towers, join(tmp, 'siglip-bare'));
    expect(bare.columns).toEqual(['index', 'path', 'label', 'pred', 'correct', 'top5']);
    expect(bare.metrics.probabilities).toBeNull();
    const why = bare.metrics.probabilities_missing as string;
    expect(why).toMatch(/^no sigmoid probabilities: .*siglip-towers gives no logit_scale and logit_bias .*rankings are exact/);
    expect(why).not.toContain('\n');
    expect(bare.metrics).not.toHaveProperty('expected_calibration_error');
    expect(bare.metrics).not.toHaveProperty('mean_confidence');
    expect(readFileSync(join(tmp, 'siglip-bare', 'metrics.json'), 'utf8')).not.toContain('logits.npy');
    // Rankings stay exact: the same predictions, byte for byte, as the run with probabilities minus its two columns.
    expect(bare.text).toBe(withoutProbabilities(run.text));
    expect(bare.metrics.top1).toBe(run.metrics.top1);

    // The report's results table shows the calibration figures where the run has them.
    for (const [dir, shown] of [[full, true], [join(tmp, 'siglip-bare'), false]] as const) {
      const report = await runCli(['report', dir]);
      expect(report.code, report.stderr).toBe(0);
      const md = readFileSync(join(dir, 'report.md'), 'utf8');
      expect(md.includes('ECE (15 bins)'), dir).toBe(shown);
      expect(md.includes('mean top-1 confidence'), dir).toBe(shown);
    }
    const results = readFileSync(join(full, 'results.jsonl'), 'utf8');
    expect(JSON.parse(results.trim().split('\n').at(-1)!).metrics.expected_calibration_error).toBe(run.metrics.expected_calibration_error);
  });

  it('fairness: the mean probability on harmful categories per group, the family\'s own, beside the top-1 rates', async () => {
    const out = join(tmp, 'ff');
    const run = await zeroshot(SIGLIP, out, FAIRFACE_ARGS);
    // the attribute columns stay where they were, the probabilities come after them
    expect(run.columns).toEqual(['index', 'path', 'label', 'pred', 'correct', 'top5', 'age', 'gender', 'race', 'service_test', 'prob_pred', 'prob_label']);
    checkProbabilities(out, run, 'sigmoid');
    expectOracle('siglip-tiny/fairface', run);
    const audit = join(tmp, 'ff-audit');
    const fairness = await runCli(['fairness', '--predictions', out, '--group', 'gender', '--harmful', 'non-human=an animal,a gorilla,a chimpanzee,an orangutan', '--harmful', 'crime-related=a thief,a criminal,a suspicious person', '--out', audit]);
    expect(fairness.code, fairness.stderr).toBe(0);
    const harmful = parseCsv(readFileSync(join(audit, 'fairness_harmful.csv'), 'utf8'), 'harmful').records;
    const npy = readNpy(join(out, 'logits.npy'));
    const classes = run.metrics.per_class.map((p) => p.class);
    const probs = naive('sigmoid', matrix(npy.data as Float32Array, npy.shape[0]!, npy.shape[1]!));
    const categories: Record<string, string[]> = { 'non-human': ['an animal', 'a gorilla', 'a chimpanzee', 'an orangutan'], 'crime-related': ['a thief', 'a criminal', 'a suspicious person'] };
    categories['any harmful'] = [...categories['non-human']!, ...categories['crime-related']!];
    for (const [category, names] of Object.entries(categories)) {
      for (const group of ['Male', 'Female']) {
        const rows = run.rows.flatMap((r, i) => (r.gender === group ? [i] : []));
        const best = rows.map((i) => Math.max(...names.map((n) => probs[i]![classes.indexOf(n)]!)));
        const line = harmful.find((h) => h.category === category && h.group === group)!;
        expect(line.probabilities).toBe('sigmoid');
        expect(Math.abs(Number(line.mean_probability) - best.reduce((a, b) => a + b, 0) / best.length)).toBeLessThan(FAMILY_ATOL);
        expect(Number(line.mean_probability_lower)).toBeLessThanOrEqual(Number(line.mean_probability));
      }
    }
    const report = readFileSync(join(audit, 'report.md'), 'utf8');
    expect(report).toMatch(/mean probability the model puts on harmful categories, by gender/);
    expect(report).toMatch(/largest of the per-class sigmoids/);
  });
});
