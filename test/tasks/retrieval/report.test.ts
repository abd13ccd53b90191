import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { pairedBootstrap } from '../../../src/metrics/paired-bootstrap.js';
import { renderSvg } from '../../../src/report/render.js';
import { retrievalSections, type RetrievalReportRun } from '../../../src/report/sections/retrieval.js';
import type { RetrievalRunMetrics } from '../../../src/tasks/retrieval/result.js';

// vega-lite's package exports do not include its schema file, so it is read by path.
const schema = JSON.parse(readFileSync(fileURLToPath(new URL('../../../node_modules/vega-lite/build/vega-lite-schema.json', import.meta.url)), 'utf8'));
const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
const BOOTSTRAP = { resamples: 500, confidence: 0.95, seed: 0 };

function run(label: string, textRanks: number[], imageRanks: number[]): RetrievalReportRun {
  const r1 = (ranks: number[]) => ranks.filter((r) => r < 1).length / ranks.length;
  const metrics = {
    task: 'retrieval', dataset: 'flickr30k', split: 'test', language: 'en', recall_k: [1], n_images: imageRanks.length, n_captions: textRanks.length, n_failed: 0, n_skipped: 0,
    'image_retrieval_recall@1': r1(textRanks), 'text_retrieval_recall@1': r1(imageRanks), 'mean_recall@1': (r1(textRanks) + r1(imageRanks)) / 2,
    intervals: { 'image_retrieval_recall@1': { lower: 0, upper: 1 } },
  } as unknown as RetrievalRunMetrics;
  return { label, metrics, textRanks: Int32Array.from(textRanks), imageRanks: Int32Array.from(imageRanks) };
}

describe('retrieval report', () => {
  it('recall table with intervals, a valid recall@k curve spec that renders, paired tests against the first run', async () => {
    const sections = retrievalSections([run('a', [0, 1, 0, 3, 0, 0], [0, 2, 0]), run('b', [0, 0, 0, 0, 1, 0], [0, 0, 0])]);
    expect(sections.map((s) => s.kind)).toEqual(['markdown', 'table', 'figure', 'table']);
    const figure = sections[2]!;
    if (figure.kind !== 'figure') throw new Error('no figure');
    expect(validate(figure.spec), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    expect(await renderSvg(figure.spec)).toContain('<svg');
    // The curve stops below the number of candidates (3 images, 6 captions): from there on every query is found.
    const points = (figure.spec as { data: { values: { run: string; direction: string; k: number }[] } }).data.values.filter((p) => p.run === 'a');
    expect(points.filter((p) => p.direction === 'text → image').map((p) => p.k)).toEqual([1, 2]);
    expect(points.filter((p) => p.direction === 'image → text').map((p) => p.k)).toEqual([1, 2, 3, 5]);
    const table = sections[1]!;
    if (table.kind !== 'table') throw new Error('no table');
    expect(table.table.rows[0]!['image_retrieval_recall@1']).toEqual([4 / 6, 0, 1]);
    const tests = sections[3]!;
    if (tests.kind !== 'table') throw new Error('no comparison');
    expect(tests.table.rows.map((r) => [r.metric, r.delta])).toEqual([['text → image R@1', 1 / 6], ['image → text R@1', 1 / 3]]);
  });

  it('paired bootstrap: the difference of means, an interval around it, p = 1 for identical runs', () => {
    const a = [1, 0, 1, 1, 0, 0, 1, 0];
    const b = [1, 1, 1, 1, 0, 1, 1, 0];
    const test = pairedBootstrap(a, b, BOOTSTRAP);
    expect(test.difference).toBeCloseTo(0.25, 12);
    expect(test.interval.lower).toBeLessThanOrEqual(0.25);
    expect(test.interval.upper).toBeGreaterThanOrEqual(0.25);
    expect(pairedBootstrap(a, a, BOOTSTRAP).p).toBe(1);
    expect(() => pairedBootstrap(a, b.slice(1), BOOTSTRAP)).toThrow(/the two must score the same items/);
  });
});
