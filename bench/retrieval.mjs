// Retrieval ranking at scale on synthetic features: time and peak RSS of scoring I images x 5I captions both
// ways in blocks (src/tasks/retrieval/score.ts with the fused onnxruntime ranking graph), and, first, the ways
// of computing one score block: the naive float64 loop of src/core/linalg.ts, a blocked float32 loop,
// onnxruntime's GEMM, and the fused graph that also ranks (its scores never leave onnxruntime).
//
//   npm run build && node bench/retrieval.mjs [images=50000] [dim=512] [threads=0] [--kernels-only]
//
// Captions are noise plus 0.15 x their image's feature, 5 per image (MSCOCO's shape: 5,000 x 25,000).
import { matmulTransposed } from '../dist/core/linalg.js';
import { createRng } from '../dist/metrics/random.js';
import { openRankKernel, openScoreKernel } from '../dist/tasks/retrieval/kernel.js';
import { scoreRetrieval } from '../dist/tasks/retrieval/score.js';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const images = Number(args[0] ?? 50_000);
const dim = Number(args[1] ?? 512);
const threads = Number(args[2] ?? 0);
const kernelsOnly = process.argv.includes('--kernels-only');
const PER_IMAGE = 5;

function randomRows(rows, cols, rng) {
  const data = new Float32Array(rows * cols);
  for (let i = 0; i < data.length; i++) data[i] = rng() * 2 - 1;
  return { rows, cols, data };
}

/** A blocked float32 a x b^T: 4 target rows per pass over a query row. */
function blocked(a, b) {
  const d = a.cols;
  const out = new Float32Array(a.rows * b.rows);
  for (let i = 0; i < a.rows; i++) {
    const ai = i * d;
    let k = 0;
    for (; k + 4 <= b.rows; k += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      const b0 = k * d, b1 = b0 + d, b2 = b1 + d, b3 = b2 + d;
      for (let j = 0; j < d; j++) {
        const v = a.data[ai + j];
        s0 += v * b.data[b0 + j];
        s1 += v * b.data[b1 + j];
        s2 += v * b.data[b2 + j];
        s3 += v * b.data[b3 + j];
      }
      out[i * b.rows + k] = s0;
      out[i * b.rows + k + 1] = s1;
      out[i * b.rows + k + 2] = s2;
      out[i * b.rows + k + 3] = s3;
    }
    for (; k < b.rows; k++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += a.data[ai + j] * b.data[k * d + j];
      out[i * b.rows + k] = s;
    }
  }
  return out;
}

const rng = createRng(0);
const kernel = await openScoreKernel({ threads });
const ranker = await openRankKernel({ threads });
try {
  // One block as the ranking computes it: 64 query rows against 25,000 targets.
  const block = randomRows(64, dim, rng);
  const targets = randomRows(25_000, dim, rng);
  const time = async (f) => {
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const t0 = performance.now();
      await f();
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  const naiveMs = await time(() => matmulTransposed(block, targets).data);
  const blockedMs = await time(() => blocked(block, targets));
  const onnxMs = await time(() => kernel.score(block, targets));
  const correct = { offsets: Int32Array.from({ length: 65 }, (_, i) => i), targets: Int32Array.from({ length: 64 }, (_, i) => i) };
  const fusedMs = await time(() => ranker.rank(block, targets, correct, 0));
  const gmacs = (ms) => ((64 * 25_000 * dim) / ms / 1e6).toFixed(2);
  console.log(`score block 64 x 25000 x ${dim}: naive float64 ${naiveMs.toFixed(0)} ms (${gmacs(naiveMs)} GMAC/s), blocked float32 ${blockedMs.toFixed(0)} ms (${gmacs(blockedMs)}), onnxruntime ${onnxMs.toFixed(0)} ms (${gmacs(onnxMs)}); onnxruntime/naive speed-up ${(naiveMs / onnxMs).toFixed(1)}x, /blocked ${(blockedMs / onnxMs).toFixed(1)}x; the fused ranking graph (scores, best correct and count in onnxruntime) ${fusedMs.toFixed(0)} ms per block ranked`);
  if (!kernelsOnly) {
    const imageFeatures = randomRows(images, dim, rng);
    const captionImage = Int32Array.from({ length: images * PER_IMAGE }, (_, c) => Math.floor(c / PER_IMAGE));
    const captions = randomRows(images * PER_IMAGE, dim, rng);
    for (let c = 0; c < captions.rows; c++) {
      const i = captionImage[c];
      for (let j = 0; j < dim; j++) captions.data[c * dim + j] += 0.15 * imageFeatures.data[i * dim + j];
    }
    const rssBefore = process.memoryUsage().rss;
    const t0 = performance.now();
    const scores = await scoreRetrieval({ images: imageFeatures, captions, captionImage }, { ks: [1, 5, 10], bootstrap: { resamples: 1000, confidence: 0.95, seed: 0 }, kernel: { rank: ranker.rank } });
    const seconds = (performance.now() - t0) / 1000;
    const peak = process.resourceUsage().maxRSS / 1024;
    console.log(`${images} images x ${captions.rows} captions x ${dim} dims, both ways, 1000 bootstrap resamples: ${seconds.toFixed(1)} s, peak RSS ${peak.toFixed(0)} MiB (features alone ${((imageFeatures.data.byteLength + captions.data.byteLength) / 2 ** 20).toFixed(0)} MiB; RSS before scoring ${(rssBefore / 2 ** 20).toFixed(0)} MiB); ` +
      `text->image R@1 ${(100 * scores.textToImage.recall[1]).toFixed(2)}%, image->text R@1 ${(100 * scores.imageToText.recall[1]).toFixed(2)}%`);
  }
} finally {
  await kernel.release();
  await ranker.release();
}
