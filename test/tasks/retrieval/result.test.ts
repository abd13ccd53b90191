import { describe, expect, it } from 'vitest';
import { clipBenchmarkFileName, toClipBenchmark } from '../../../src/results/clip-benchmark.js';
import { validateResultRow } from '../../../src/results/result-row.js';
import { retrievalResultRow, type RetrievalRunMetrics } from '../../../src/tasks/retrieval/result.js';

const metrics = {
  task: 'retrieval', model: '/models/ViT-B-32', dataset: 'flickr30k', split: 'test', language: 'zh', templates: null, recall_k: [1, 5],
  'image_retrieval_recall@1': 0.5, 'text_retrieval_recall@1': 0.75, 'image_retrieval_recall@5': 0.9, 'text_retrieval_recall@5': 1, 'mean_recall@1': 0.625,
  n_images: 4, n_captions: 20, config_hash: 'abc', harness_version: '0.1.0', time: '2026-01-01T00:00:00.000Z',
} as unknown as RetrievalRunMetrics;

describe('retrieval result rows', () => {
  it('a valid results row, exported as CLIP_benchmark zeroshot_retrieval under its keys and language', () => {
    const row = validateResultRow(retrievalResultRow(metrics, undefined), 'test');
    expect(row).toMatchObject({ task: 'retrieval', model: 'ViT-B-32', n: 20, templates: null });
    const cb = toClipBenchmark(row)!;
    expect(cb).toMatchObject({ task: 'zeroshot_retrieval', language: 'zh', dataset: 'flickr30k' });
    expect(cb.metrics).toEqual({ 'mean_recall@1': 0.625, 'image_retrieval_recall@1': 0.5, 'text_retrieval_recall@1': 0.75, 'image_retrieval_recall@5': 0.9, 'text_retrieval_recall@5': 1 });
    expect(clipBenchmarkFileName(cb)).toBe('flickr30k-test_ViT-B-32_ViT-B-32_zh_zeroshot_retrieval.json');
    expect(() => validateResultRow({ ...row, metrics: { ...row.metrics, 'mean_recall@1': 62.5 } }, 'row')).toThrow(/looks like a percentage/);
  });
});
