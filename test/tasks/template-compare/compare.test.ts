import { mkdtempSync, rmSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { argmax, normalizeRows } from '../../../src/core/linalg.js';
import { concatRows, matrix, row, type Matrix } from '../../../src/core/tensor.js';
import { createRng } from '../../../src/metrics/random.js';
import { buildClassifier, zeroShotLogits } from '../../../src/prompts/ensemble.js';
import { writeReport } from '../../../src/report/write-report.js';
import { compareTemplates } from '../../../src/tasks/template-compare/compare.js';
import { templateComparisonSections } from '../../../src/report/sections/template-compare.js';

const root = mkdtempSync(join(tmpdir(), 'clip-eval-templates-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const C = 6;
const D = 24;
const N = 420;
const TEMPLATES = ['a photo of a {}.', 'a bad photo of a {}.', 'a sketch of a {}.', 'itap of a {}.', 'a {} in a video game.', '{}'];

/** Classes as random prototypes; images and each template's class embeddings are noisy copies (templates differ in noise). */
function synthetic(seed: number) {
  const rng = createRng(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
  const protos = Array.from({ length: C }, () => Float32Array.from({ length: D }, gauss));
  const labels = Int32Array.from({ length: N }, (_, i) => i % C);
  const images = normalizeRows(matrix(Float32Array.from({ length: N * D }, (_, k) => protos[labels[Math.floor(k / D)]!]![k % D]! + 1.3 * gauss()), N, D));
  const noise = [0.9, 1.4, 1.8, 1.0, 2.2, 1.2];
  const embeddings = TEMPLATES.map((_, t) => matrix(Float32Array.from({ length: C * D }, (_, k) => protos[Math.floor(k / D)]![k % D]! + noise[t]! * gauss()), C, D));
  return { images, labels, embeddings };
}

/** The naive path: the lead's zero-shot classifier over all images. */
function naiveAccuracy(images: Matrix, labels: Int32Array, embeddings: readonly Matrix[]): number {
  // buildClassifier wants class-major prompt rows: class c, template t at row c * T + t.
  const T = embeddings.length;
  const rows = Array.from({ length: C * T }, (_, r) => row(embeddings[r % T]!, Math.floor(r / T)));
  const classifier = buildClassifier(concatRows(rows.map((r) => matrix(Float32Array.from(r), 1, D)), D), T, 'mean-of-normalized');
  const logits = zeroShotLogits(images, classifier);
  let correct = 0;
  for (let i = 0; i < N; i++) if (argmax(row(logits, i)) === labels[i]) correct++;
  return correct / N;
}

describe('template comparison', () => {
  it('single templates and the full ensemble agree with the zero-shot classifier computed naively', () => {
    const { images, labels, embeddings } = synthetic(1);
    const c = compareTemplates({ imageFeatures: images, labels, templateClassEmbeddings: embeddings, templates: TEMPLATES, validationFraction: 0 });
    expect(c.evaluatedOn).toBe('all');
    expect(c.greedy).toBeNull();
    TEMPLATES.forEach((t, i) => expect(c.scores.find((s) => s.name === t)!.accuracy).toBeCloseTo(naiveAccuracy(images, labels, [embeddings[i]!]), 12));
    const all = c.scores.find((s) => s.kind === 'ensemble')!;
    expect(all.templates).toHaveLength(TEMPLATES.length);
    expect(all.accuracy).toBeCloseTo(naiveAccuracy(images, labels, embeddings), 12);
  });

  it('McNemar counts are consistent and the baseline is the photo template', () => {
    const { images, labels, embeddings } = synthetic(2);
    const c = compareTemplates({ imageFeatures: images, labels, templateClassEmbeddings: embeddings, templates: TEMPLATES, validationFraction: 0, subsets: { pair: [TEMPLATES[0]!, TEMPLATES[3]!] } });
    expect(c.baseline).toBe('a photo of a {}.');
    const base = c.scores.find((s) => s.vsBaseline === null)!;
    expect(base.name).toBe('a photo of a {}.');
    for (const s of c.scores.filter((x) => x.vsBaseline)) {
      expect(s.correct - base.correct).toBe(s.vsBaseline!.onlySecond - s.vsBaseline!.onlyFirst);
      expect(s.interval.lower).toBeLessThanOrEqual(s.accuracy);
    }
    expect(c.scores.find((s) => s.name === 'pair')!.accuracy).toBeCloseTo(naiveAccuracy(images, labels, [embeddings[0]!, embeddings[3]!]), 12);
  });

  it('greedy selection is chosen on a stratified validation part and scored on the rest', () => {
    const { images, labels, embeddings } = synthetic(3);
    const c = compareTemplates({ imageFeatures: images, labels, templateClassEmbeddings: embeddings, templates: TEMPLATES, validationFraction: 0.5, seed: 9 });
    expect(c.evaluatedOn).toBe('held-out');
    expect(c.nValidation + c.nEvaluation).toBe(N);
    expect(c.nValidation).toBe(N / 2);
    const steps = c.greedy!;
    expect(steps.length).toBeGreaterThan(0);
    steps.slice(1).forEach((s, i) => expect(s.validationAccuracy).toBeGreaterThan(steps[i]!.validationAccuracy));
    const greedy = c.scores.at(-1)!;
    expect(greedy.templates).toEqual(steps.map((s) => s.template));
    expect(greedy.n).toBe(c.nEvaluation);
  });

  it('refuses subsets and baselines outside the compared templates', () => {
    const { images, labels, embeddings } = synthetic(4);
    const base = { imageFeatures: images, labels, templateClassEmbeddings: embeddings, templates: TEMPLATES };
    expect(() => compareTemplates({ ...base, subsets: { odd: ['nope {}'] } })).toThrow(/subset 'odd'.*not among/);
    expect(() => compareTemplates({ ...base, baseline: 'x {}' })).toThrow(/baseline template/);
    expect(() => compareTemplates({ ...base, validationFraction: 1 })).toThrow(/validation-fraction/);
  });

  it('renders a report with the plot and the paired-test table', async () => {
    const { images, labels, embeddings } = synthetic(5);
    const c = compareTemplates({ imageFeatures: images, labels, templateClassEmbeddings: embeddings, templates: TEMPLATES, validationFraction: 0.5, subsets: { 'first three': TEMPLATES.slice(0, 3) } });
    const out = await mkdtemp(join(root, 'clip-eval-templates-'));
    await writeReport(out, { title: 'Template comparison', sections: templateComparisonSections(c, { runName: 'synthetic/test' }) });
    const md = await readFile(join(out, 'report.md'), 'utf8');
    expect(md).toContain('figures/templates-accuracy.png');
    expect(md).toMatch(/\| a photo of a \{\}\. \| .*% \(/);
    expect(md).not.toMatch(/NaN/);
  });
});
