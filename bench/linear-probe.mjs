// The linear probe's fit against scikit-learn's on the same features, same C, same tolerance.
//
//   npm run build && node bench/linear-probe.mjs [--cases 10k-512-10,...] [--repeats 3] [--C 0.316] [--tol 1e-4]
//
// For each case, runs bench/linear_probe_sklearn.py (Debian's python3-sklearn under /usr/bin/python3; it also
// writes the seeded synthetic features to bench/.work/<case>/ the first time) and this harness's fit alternately,
// `repeats` times each, and keeps each side's fastest fit (the machine is shared). Prints time, iterations,
// final objective (both in float64) and test accuracy, and the ratios.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bindData, openProbeKernel } from '../dist/tasks/linear-probe/kernel.js';
import { fitLogistic, predictProbe, probeParameters } from '../dist/tasks/linear-probe/fit.js';
import { loadFeatureSplit } from '../dist/tasks/linear-probe/load-features.js';
import { checkProbeInputs, encodeLabels } from '../dist/tasks/linear-probe/validate.js';

const here = dirname(fileURLToPath(import.meta.url));
const flag = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const cases = flag('cases', '10k-512-10,10k-512-100,50k-768-100').split(',');
const repeats = Number(flag('repeats', '3'));
const C = Number(flag('C', '0.316'));
const tol = Number(flag('tol', '1e-4'));
const maxIter = Number(flag('max-iter', '1000'));

function sklearnFit(name) {
  const out = execFileSync('/usr/bin/python3', [join(here, 'linear_probe_sklearn.py'), '--cases', name, '--C', String(C), '--tol', String(tol), '--max-iter', String(maxIter)], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').at(-1));
}

/** scikit-learn's objective in float64 (the harness's own f uses float32 logits). */
function objective64(features, labels, weights, bias, k) {
  const { rows, cols, data } = features;
  let loss = 0;
  const z = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let c = 0; c < k; c++) {
      let s = bias[c];
      for (let j = 0; j < cols; j++) s += data[i * cols + j] * weights[c * cols + j];
      z[c] = s;
      max = Math.max(max, s);
    }
    let sum = 0;
    for (let c = 0; c < k; c++) sum += Math.exp(z[c] - max);
    loss += max + Math.log(sum) - z[labels[i]];
  }
  let squared = 0;
  for (const w of weights) squared += w * w;
  return loss + squared / (2 * C);
}

const accuracy = (predicted, labels) => predicted.reduce((n, p, i) => n + (p === labels[i] ? 1 : 0), 0) / labels.length;

for (const name of cases) {
  let sk;
  let ours;
  for (let r = 0; r < repeats; r++) {
    const s = sklearnFit(name);
    if (!sk || s.seconds < sk.seconds) sk = s;
    const dir = join(here, '.work', name);
    const [train, test] = await Promise.all([loadFeatureSplit(dir, 'train'), loadFeatureSplit(dir, 'test')]);
    const classes = checkProbeInputs(train, test);
    const start = performance.now();
    const kernel = await openProbeKernel({ threads: 0 });
    const trainLabels = encodeLabels(train.labels, classes);
    const { probe, report } = await fitLogistic(kernel, bindData(train.features, trainLabels, classes.length), { C, tol, maxIterations: maxIter });
    const seconds = (performance.now() - start) / 1000;
    if (!ours || seconds < ours.seconds) {
      const testAccuracy = accuracy(await predictProbe(kernel, probe, test.features), encodeLabels(test.labels, classes));
      ours = { seconds, report, testAccuracy, probe, train, trainLabels, k: classes.length };
    }
    await kernel.release();
  }
  const { weights, bias } = probeParameters(ours.probe);
  const f = objective64(ours.train.features, ours.trainLabels, weights, bias, ours.k);
  console.log(`\n${name} (C=${C}, tol=${tol}, max_iter=${maxIter}; best of ${repeats})`);
  console.log(`  scikit-learn: ${sk.seconds.toFixed(2)} s, ${sk.iterations} iterations, objective ${sk.objective.toFixed(6)}, test accuracy ${(100 * sk.test_accuracy).toFixed(2)}%`);
  console.log(`  clip-eval:    ${ours.seconds.toFixed(2)} s, ${ours.report.iterations} iterations (${ours.report.evaluations} evaluations, stop: ${ours.report.stop}), objective ${f.toFixed(6)}, test accuracy ${(100 * ours.testAccuracy).toFixed(2)}%`);
  console.log(`  speed-up (scikit-learn time / clip-eval time): ${(sk.seconds / ours.seconds).toFixed(2)}x; objective relative difference ${((f - sk.objective) / sk.objective).toExponential(2)}; test accuracy difference ${(100 * (ours.testAccuracy - sk.test_accuracy)).toFixed(2)} points`);
}
