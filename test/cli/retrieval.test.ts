import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaptionedDataset } from '../../src/datasets/retrieval/registry.js';
import { collectFeatures } from '../../src/features/collect.js';
import { openRuntime } from '../../src/features/runtime.js';
import { embedTexts } from '../../src/features/text-features.js';
import { runCli } from '../helpers/cli.js';
import { datasetFixture } from '../helpers/datasets.js';
import { LOCAL_FIXTURES } from '../helpers/shared.js';

const tmp = mkdtempSync(join(tmpdir(), 'clip-eval-retrieval-'));
const cache = join(tmp, 'cache');
const MODEL = join(LOCAL_FIXTURES, 'models', 'combined');
const FLICKR = datasetFixture('retrieval/flickr30k');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const lines = (path: string) => readFileSync(path, 'utf8').trim().split('\n');

/** CLIP_benchmark's metrics on the full cosine matrix, from features the library computes on its own. */
async function bruteForce(ks: readonly number[]): Promise<Record<string, number>> {
  const runtime = await openRuntime({ model: MODEL, cacheDir: null, threads: 1 });
  try {
    const dataset = await openCaptionedDataset('flickr30k', FLICKR, 'test');
    const images = await collectFeatures(runtime, dataset.images, { quiet: true });
    const rowOf = new Map(Array.from(images.labels, (label, row) => [label, row] as const));
    const captions = dataset.captions().filter((c) => rowOf.has(c.image));
    const texts = await embedTexts(runtime, captions.map((c) => c.text));
    const unit = (data: Float32Array, i: number, d: number) => {
      const v = Array.from(data.subarray(i * d, (i + 1) * d));
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    };
    const d = images.features.cols;
    const I = Array.from({ length: images.features.rows }, (_, i) => unit(images.features.data, i, d));
    const T = captions.map((_, c) => unit(texts.data, c, d));
    const S = T.map((t) => I.map((im) => t.reduce((s, x, j) => s + x * im[j]!, 0)));
    const owner = captions.map((c) => rowOf.get(c.image)!);
    const out: Record<string, number> = {};
    for (const k of ks) {
      // A query hits when a positive is in its top k (ties ordered positives first).
      const topk = (scores: number[], positive: (j: number) => boolean) => scores.map((s, j) => ({ s, j })).sort((a, b) => b.s - a.s || Number(positive(b.j)) - Number(positive(a.j))).slice(0, k).some(({ j }) => positive(j));
      out[`image_retrieval_recall@${k}`] = T.filter((_, c) => topk(S[c]!, (j) => j === owner[c])).length / T.length;
      out[`text_retrieval_recall@${k}`] = I.filter((_, i) => topk(S.map((row) => row[i]!), (c) => owner[c] === i)).length / I.length;
    }
    return out;
  } finally {
    await runtime.close();
  }
}

describe('clip-eval retrieval', () => {
  it('scores flickr30k end to end: metrics equal the brute-force CLIP_benchmark values; failures, skips, ranks, CLIP_benchmark JSON and report', async () => {
    const out = join(tmp, 'run');
    const run = await runCli(['retrieval', '--model', MODEL, '--dataset', 'flickr30k', '--data', FLICKR, '--recall-k', '1,2,3', '--out', out, '--cache-dir', cache, '--threads', '1']);
    expect(run.stderr).toMatch(/flickr30k\/test: text->image \/ image->text R@1 .* on 4 images, 9 captions \(1 images failed, 1 skipped\)/);
    expect(run.code).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, unknown>;
    expect(metrics).toMatchObject({ task: 'retrieval', dataset: 'flickr30k', split: 'test', language: 'en', n_images: 4, n_captions: 9, n_failed: 1, n_failed_captions: 1, n_skipped: 1, recall_k: [1, 2, 3], templates: null });
    const expected = await bruteForce([1, 2, 3]);
    for (const [key, value] of Object.entries(expected)) expect(metrics[key]).toBeCloseTo(value, 12);
    expect(metrics['mean_recall@1']).toBeCloseTo((expected['image_retrieval_recall@1']! + expected['text_retrieval_recall@1']!) / 2, 12);
    expect(lines(join(out, 'failures.csv'))).toEqual(['index,path,reason,captions_dropped', expect.stringMatching(/^4,missing\.jpg,.+,1$/)]);
    expect(lines(join(out, 'skipped.csv'))[1]).toMatch(/flickr30k_test_karpathy\.txt:12,empty caption for 1000092795\.jpg$/);
    const ranks = lines(join(out, 'ranks.csv'));
    expect(ranks[0]).toBe('query,index,image,rank,caption');
    expect(ranks.filter((l) => l.startsWith('text,'))).toHaveLength(9);
    expect(ranks.filter((l) => l.startsWith('image,'))).toHaveLength(4);
    const benchmark = readdirSync(out).find((f) => f.endsWith('_zeroshot_retrieval.json'))!;
    const cb = JSON.parse(readFileSync(join(out, benchmark), 'utf8')) as { task: string; metrics: Record<string, number> };
    expect(cb.task).toBe('zeroshot_retrieval');
    expect(cb.metrics['image_retrieval_recall@1']).toBe(metrics['image_retrieval_recall@1']);
    expect(existsSync(join(out, 'report.md')) && readFileSync(join(out, 'report.md'), 'utf8')).toContain('Zero-shot retrieval');
  });

  it('--shard caches image features and scores nothing; the unsharded run reads every image from the cache; --compare adds paired tests', async () => {
    const shardCache = join(tmp, 'shard-cache');
    const base = ['retrieval', '--model', MODEL, '--dataset', 'flickr30k', '--data', FLICKR, '--cache-dir', shardCache, '--threads', '1'];
    for (const shard of ['0/2', '1/2']) {
      const r = await runCli([...base, '--shard', shard, '--out', join(tmp, 'unused')]);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/Nothing scored/);
    }
    expect(existsSync(join(tmp, 'unused', 'metrics.json'))).toBe(false);
    const out = join(tmp, 'from-cache');
    const r = await runCli([...base, '--out', out, '--compare', join(tmp, 'run')]);
    expect(r.code).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as { feature_cache: { hits: number; computed: number } };
    expect(metrics.feature_cache).toMatchObject({ hits: 4, computed: 0 });
    expect(readFileSync(join(out, 'report.md'), 'utf8')).toMatch(/Against combined/);
  });

  it('--limit keeps the first images and their captions; --templates wraps each caption', async () => {
    const templates = join(tmp, 'templates.txt');
    writeFileSync(templates, 'a photo showing {}\n');
    const out = join(tmp, 'limited');
    const r = await runCli(['retrieval', '--model', MODEL, '--dataset', 'flickr30k', '--data', FLICKR, '--limit', '2', '--templates', templates, '--out', out, '--cache-dir', cache, '--threads', '1']);
    expect(r.code).toBe(0);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8')) as Record<string, unknown>;
    expect(metrics).toMatchObject({ n_images: 2, n_captions: 5, n_failed: 0, templates: { name: templates, count: 1 } });
  });

  it('a bad annotation file is a one-line error naming the file and the id', async () => {
    const r = await runCli(['retrieval', '--model', MODEL, '--dataset', 'mscoco_captions', '--data', datasetFixture('retrieval/mscoco-unknown-id'), '--out', join(tmp, 'bad'), '--cache-dir', cache]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/coco_test_karpathy\.json: annotations\[6\] names image id 999/);
    const k = await runCli(['retrieval', '--model', MODEL, '--dataset', 'flickr30k', '--data', FLICKR, '--recall-k', '1,x', '--cache-dir', cache]);
    expect(k.code).toBe(2);
  });
});
