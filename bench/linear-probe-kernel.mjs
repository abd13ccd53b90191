// Which kernel computes the probe's loss and gradient faster on this machine: onnxruntime (MLAS GEMM, all cores)
// running the graphs in src/tasks/linear-probe/kernel-graphs.ts, or blocked typed-array loops in JavaScript?
// The float64 graph (what the fit finishes with) is timed too.
//
//   npm run build && node bench/linear-probe-kernel.mjs [repeats]
//
// Prints ms per loss+gradient evaluation for each shape and the ratios. All run on the same seeded data,
// alternately, and the minimum over repeats is kept (the machine is shared, so single timings are noisy).
import { bindData, openProbeKernel } from '../dist/tasks/linear-probe/kernel.js';
import { createRng } from '../dist/metrics/random.js';

const SHAPES = [
  [10_000, 512, 10],
  [10_000, 512, 100],
  [50_000, 768, 100],
];
const repeats = Number(process.argv[2] ?? 3);

/**
 * The contender: logits, softmax and gradient with typed arrays, 4 classes per pass over a row (float64
 * accumulators), and the gradient as rank-1 updates per row, which streams W and X once per row block.
 */
function jsLossGradient(x, n, d, labels, k, w, b) {
  const loglik = new Float32Array(n);
  const gw = new Float64Array(k * d);
  const gb = new Float64Array(k);
  const z = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const xi = i * d;
    let c = 0;
    for (; c + 4 <= k; c += 4) {
      let s0 = b[c], s1 = b[c + 1], s2 = b[c + 2], s3 = b[c + 3];
      const w0 = c * d, w1 = w0 + d, w2 = w1 + d, w3 = w2 + d;
      for (let j = 0; j < d; j++) {
        const v = x[xi + j];
        s0 += v * w[w0 + j];
        s1 += v * w[w1 + j];
        s2 += v * w[w2 + j];
        s3 += v * w[w3 + j];
      }
      z[c] = s0; z[c + 1] = s1; z[c + 2] = s2; z[c + 3] = s3;
    }
    for (; c < k; c++) {
      let s = b[c];
      for (let j = 0; j < d; j++) s += x[xi + j] * w[c * d + j];
      z[c] = s;
    }
    let max = -Infinity;
    for (let c2 = 0; c2 < k; c2++) max = Math.max(max, z[c2]);
    let sum = 0;
    for (let c2 = 0; c2 < k; c2++) sum += Math.exp(z[c2] - max);
    const lse = max + Math.log(sum);
    loglik[i] = z[labels[i]] - lse;
    for (let c2 = 0; c2 < k; c2++) {
      const r = Math.exp(z[c2] - lse) - (c2 === labels[i] ? 1 : 0);
      gb[c2] += r;
      const g0 = c2 * d;
      for (let j = 0; j < d; j++) gw[g0 + j] += r * x[xi + j];
    }
  }
  return { loglik, gradWeights: gw, gradBias: gb };
}

const kernel = await openProbeKernel({ threads: 0 });
for (const [n, d, k] of SHAPES) {
  const rng = createRng(n + d + k);
  const x = Float32Array.from({ length: n * d }, () => rng() * 2 - 1);
  const labels = Int32Array.from({ length: n }, () => Math.floor(rng() * k));
  const w = Float32Array.from({ length: k * d }, () => (rng() - 0.5) * 0.1);
  const b = new Float32Array(k);
  const data = bindData({ rows: n, cols: d, data: x }, labels, k);
  const time = async (f) => {
    const start = performance.now();
    await f();
    return performance.now() - start;
  };
  const w64 = Float64Array.from(w);
  const b64 = Float64Array.from(b);
  await kernel.lossGradient(data, 'float64', w64, b64); // makes the float64 copy of the features, once
  let ort32 = Infinity;
  let ort64 = Infinity;
  let js = Infinity;
  for (let r = 0; r < repeats; r++) {
    ort32 = Math.min(ort32, await time(() => kernel.lossGradient(data, 'float32', w, b)));
    ort64 = Math.min(ort64, await time(() => kernel.lossGradient(data, 'float64', w64, b64)));
    js = Math.min(js, await time(() => jsLossGradient(x, n, d, labels, k, w, b)));
  }
  console.log(
    `${n}x${d}, ${k} classes: onnxruntime float32 ${ort32.toFixed(1)} ms, float64 ${ort64.toFixed(1)} ms, JS loops ${js.toFixed(1)} ms per loss+gradient -> JS/onnxruntime-float32 ${(js / ort32).toFixed(1)}x, float64/float32 ${(ort64 / ort32).toFixed(2)}x`,
  );
}
await kernel.release();
