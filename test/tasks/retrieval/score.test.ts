import { describe, expect, it } from 'vitest';
import { matmulTransposed } from '../../../src/core/linalg.js';
import { matrix, type Matrix } from '../../../src/core/tensor.js';
import { createRng } from '../../../src/metrics/random.js';
import { openRankKernel, openScoreKernel } from '../../../src/tasks/retrieval/kernel.js';
import { captionsByImage, scoreRetrieval } from '../../../src/tasks/retrieval/score.js';

const BOOTSTRAP = { resamples: 200, confidence: 0.95, seed: 0 };
const naive = async (a: Matrix, b: Matrix) => matmulTransposed(a, b).data;

function randomMatrix(rows: number, cols: number, seed: number): Matrix {
  const rng = createRng(seed);
  return matrix(Float32Array.from({ length: rows * cols }, () => rng() * 2 - 1), rows, cols);
}

/** CLIP_benchmark's recall_at_k on the full cosine matrix: a query is a hit when a positive is among its top k (ties put positives first). */
function bruteForce(queries: Matrix, targets: Matrix, positive: (q: number, t: number) => boolean, k: number): number {
  const unit = (m: Matrix, i: number) => {
    const row = Array.from(m.data.subarray(i * m.cols, (i + 1) * m.cols));
    const norm = Math.hypot(...row);
    return row.map((v) => v / norm);
  };
  let hits = 0;
  for (let q = 0; q < queries.rows; q++) {
    const a = unit(queries, q);
    const scored = Array.from({ length: targets.rows }, (_, t) => ({ t, s: unit(targets, t).reduce((sum, v, j) => sum + v * a[j]!, 0) }));
    scored.sort((x, y) => y.s - x.s || Number(positive(q, y.t)) - Number(positive(q, x.t)));
    if (scored.slice(0, k).some(({ t }) => positive(q, t))) hits++;
  }
  return hits / queries.rows;
}

describe('retrieval scoring', () => {
  // 30 images, 1-4 captions each (not always 5, as in COCO), correlated with their image.
  const d = 8;
  const images = randomMatrix(30, d, 1);
  const noise = randomMatrix(90, d, 2);
  const rng = createRng(3);
  const owner: number[] = [];
  for (let i = 0; i < images.rows; i++) for (let c = 0, n = 1 + Math.floor(rng() * 4); c < n; c++) owner.push(i);
  const captions = matrix(Float32Array.from({ length: owner.length * d }, (_, x) => images.data[owner[Math.floor(x / d)]! * d + (x % d)]! * 0.6 + noise.data[x % noise.data.length]!), owner.length, d);
  const captionImage = Int32Array.from(owner);
  const ks = [1, 2, 5, 10];

  it.each([
    ['the naive float64 product', 'naive'],
    ['onnxruntime scores', 'onnx'],
    ['the fused onnxruntime ranking graph', 'fused'],
  ])('matches CLIP_benchmark\'s definition computed on the full matrix, with %s, in small blocks', async (_, which) => {
    const scorer = which === 'onnx' ? await openScoreKernel({ threads: 1 }) : undefined;
    const ranker = which === 'fused' ? await openRankKernel({ threads: 1 }) : undefined;
    try {
      const kernel = ranker ? { rank: ranker.rank } : { score: scorer?.score ?? naive };
      const scores = await scoreRetrieval({ images, captions, captionImage }, { ks, bootstrap: BOOTSTRAP, kernel, blockElements: 7 * 30 });
      for (const k of ks) {
        expect(scores.textToImage.recall[k]).toBeCloseTo(bruteForce(captions, images, (q, t) => owner[q] === t, k), 12);
        expect(scores.imageToText.recall[k]).toBeCloseTo(bruteForce(images, captions, (q, t) => owner[t] === q, k), 12);
        const ci = scores.textToImage.intervals[k]!;
        expect(ci.lower).toBeLessThanOrEqual(scores.textToImage.recall[k]!);
        expect(ci.upper).toBeGreaterThanOrEqual(scores.textToImage.recall[k]!);
      }
      expect(scores.textToImage.ranks).toHaveLength(owner.length);
      expect(scores.imageToText.ranks).toHaveLength(images.rows);
    } finally {
      await scorer?.release();
      await ranker?.release();
    }
  });

  it.each(['naive', 'fused'])('ties favour the correct target (a correct target tied at the k-th place is a hit): %s', async (which) => {
    const ranker = which === 'fused' ? await openRankKernel({ threads: 1 }) : undefined;
    const same = matrix(new Float32Array([1, 0, 1, 0, 0, 1]), 3, 2);
    // Images 0 and 1 are the same: caption 0 (of image 1) and caption 2 (of image 0) tie at the top with the other.
    const caps = matrix(new Float32Array([1, 0, 0, 1, 1, 0]), 3, 2);
    const scores = await scoreRetrieval({ images: same, captions: caps, captionImage: Int32Array.from([1, 2, 0]) }, { ks: [1], bootstrap: BOOTSTRAP, kernel: ranker ? { rank: ranker.rank } : { score: naive } });
    await ranker?.release();
    expect(Array.from(scores.textToImage.ranks)).toEqual([0, 0, 0]);
    expect(scores.textToImage.recall[1]).toBe(1);
  });

  it('the captions of each image in compressed rows; an image without a caption is an error', () => {
    expect(captionsByImage(Int32Array.from([1, 0, 1]), 2)).toEqual({ offsets: Int32Array.from([0, 1, 3]), targets: Int32Array.from([1, 0, 2]) });
    expect(() => captionsByImage(Int32Array.from([1]), 2)).toThrow(/image 0 has no caption/);
  });
});
