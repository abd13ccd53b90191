// The linear probe against scikit-learn on the same features, same C, same tolerance, every figure as a ratio
// from one run:
//
//   npm run build && node bench/linear-probe.mjs [--cases 8k-256-50,...] [--repeats 3] [--C 0.316] [--tol 1e-4] [--threads N] [--no-sweep] [--cold-sweep] [--sklearn-sweep]
//
// For each case (default: 8,000 x 256 features, 50 classes, L2-normalised rows like CLIP embeddings), alternately
// and `repeats` times each (the machine is shared: each side's fastest run is kept, and CPU seconds are printed
// beside wall seconds because they suffer less from other jobs):
// - scikit-learn's fit (bench/linear_probe_sklearn.py under Debian's /usr/bin/python3; it writes the seeded
//   synthetic features to bench/.work/<case>/ the first time) with OPENBLAS_CORETYPE=SkylakeX, the fair BLAS on
//   this CPU, and without it (what OpenBLAS falls back to; threadpoolctl names the kernel that ran);
// - clip-eval's fit in this process (opening the kernel sessions included, reading the files excluded);
// - the whole `clip-eval linear-probe --features DIR --C <C>` command (process start to exit, files written), and
//   `clip-eval --version`, the CLI's own start-up, to tell it apart;
// then, unless --no-sweep, `repeats` times alternately: the paper's sweep (`runLinearProbe` with PAPER_PROBE: the
// coarse-to-fine search over C on 80% of train, scored on the held-out 20%, warm starts, then the refit on all of
// train) and one cold fit at the C it chose, compared with each other (seconds and evaluation counts) and with
// the fit above; with --cold-sweep, once, the same search again with every fit started from zero instead of
// from its fitted neighbours (what the warm starts save); with --sklearn-sweep, once, the same search with
// scikit-learn's own fits (bench/linear_probe_sklearn_sweep.py, on the same split): the C it chooses, to tell a
// change of solver that moves the chosen C from one that follows scikit-learn. Prints objectives (both in
// float64) and test accuracies.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bindData, openProbeKernel } from '../dist/tasks/linear-probe/kernel.js';
import { fitLogistic, predictProbe, probeParameters, warmStartAt } from '../dist/tasks/linear-probe/fit.js';
import { loadFeatureSplit } from '../dist/tasks/linear-probe/load-features.js';
import { PAPER_PROBE, runLinearProbe } from '../dist/tasks/linear-probe/run.js';
import { holdOut } from '../dist/tasks/linear-probe/split.js';
import { PAPER_GRID, searchC } from '../dist/tasks/linear-probe/sweep.js';
import { selectRows } from '../dist/core/tensor.js';
import { checkProbeInputs, encodeLabels } from '../dist/tasks/linear-probe/validate.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const flag = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const cases = flag('cases', '8k-256-50').split(',');
const repeats = Number(flag('repeats', '3'));
const C = Number(flag('C', '0.316'));
const tol = Number(flag('tol', '1e-4'));
const maxIter = Number(flag('max-iter', '1000'));
const sweep = !process.argv.includes('--no-sweep');
const coldSweep = process.argv.includes('--cold-sweep');
const sklearnSweep = process.argv.includes('--sklearn-sweep');
/** Threads for both sides (OPENBLAS_NUM_THREADS for scikit-learn); 0: every core. */
const threads = Number(flag('threads', '0'));

const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const cpuSeconds = (since) => {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1e6;
};

/** One scikit-learn fit in a fresh Python; `coretype` undefined removes OPENBLAS_CORETYPE from its environment. */
function sklearnFit(name, coretype) {
  const env = { ...process.env };
  if (threads > 0) env.OPENBLAS_NUM_THREADS = String(threads);
  if (coretype === undefined) delete env.OPENBLAS_CORETYPE;
  else env.OPENBLAS_CORETYPE = coretype;
  const out = spawnSync('/usr/bin/python3', [join(here, 'linear_probe_sklearn.py'), '--cases', name, '--C', String(C), '--tol', String(tol), '--max-iter', String(maxIter)], { encoding: 'utf8', env });
  if (out.status !== 0) throw new Error(`linear_probe_sklearn.py failed: ${out.stderr}`);
  const result = JSON.parse(out.stdout.trim().split('\n').at(-1));
  return { ...result, cpuSeconds: result.cpu_seconds };
}

/** A command's wall and CPU seconds (its own and its children's), from GNU time. */
function timed(args) {
  const out = spawnSync('/usr/bin/time', ['-f', 'TIMED %e %U %S', process.execPath, join(root, 'bin', 'clip-eval.js'), ...args], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(`clip-eval ${args.join(' ')} failed: ${out.stderr}`);
  const [wall, user, sys] = out.stderr.trim().split('\n').at(-1).split(' ').slice(1).map(Number);
  return { seconds: wall, cpuSeconds: user + sys };
}

/** scikit-learn's objective in float64 (the harness's own f uses float32 logits while far from the optimum). */
function objective64(features, labels, weights, bias, k, c) {
  const { rows, cols, data } = features;
  let loss = 0;
  const z = new Float64Array(k);
  for (let i = 0; i < rows; i++) {
    let max = -Infinity;
    for (let j = 0; j < k; j++) {
      let s = bias[j];
      for (let e = 0; e < cols; e++) s += data[i * cols + e] * weights[j * cols + e];
      z[j] = s;
      max = Math.max(max, s);
    }
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(z[j] - max);
    loss += max + Math.log(sum) - z[labels[i]];
  }
  let squared = 0;
  for (const w of weights) squared += w * w;
  return loss + squared / (2 * c);
}

const accuracy = (predicted, labels) => predicted.reduce((n, p, i) => n + (p === labels[i] ? 1 : 0), 0) / labels.length;
const keepFastest = (best, run) => (!best || run.seconds < best.seconds ? run : best);
const cpuMin = (runs) => Math.min(...runs.map((r) => r.cpuSeconds));
const s2 = (x) => `${x.toFixed(2)} s`;
const ratio = (a, b) => `${(a / b).toFixed(2)}x`;

async function clipEvalFit(train, test, classes, c) {
  const trainLabels = encodeLabels(train.labels, classes);
  const cpu = process.cpuUsage();
  const start = performance.now();
  const kernel = await openProbeKernel({ threads });
  try {
    const { probe, report } = await fitLogistic(kernel, bindData(train.features, trainLabels, classes.length), { C: c, tol, maxIterations: maxIter });
    const seconds = (performance.now() - start) / 1000;
    const cpuS = cpuSeconds(cpu);
    const testAccuracy = accuracy(await predictProbe(kernel, probe, test.features), encodeLabels(test.labels, classes));
    return { seconds, cpuSeconds: cpuS, report, testAccuracy, probe, trainLabels };
  } finally {
    await kernel.release();
  }
}

console.log(`load average at start: ${load()}; threads: ${threads === 0 ? 'every core' : threads}`);
for (const name of cases) {
  const dir = join(here, '.work', name);
  sklearnFit(name, 'SkylakeX'); // writes the features the first time
  const [train, test] = await Promise.all([loadFeatureSplit(dir, 'train'), loadFeatureSplit(dir, 'test')]);
  const classes = checkProbeInputs(train, test);
  const out = mkdtempSync(join(tmpdir(), 'clip-eval-bench-probe-'));
  const runs = { skylake: [], fallback: [], ours: [], command: [], startup: [] };
  try {
    for (let r = 0; r < repeats; r++) {
      runs.skylake.push(sklearnFit(name, 'SkylakeX'));
      runs.fallback.push(sklearnFit(name, undefined));
      runs.ours.push(await clipEvalFit(train, test, classes, C));
      runs.command.push(timed(['linear-probe', '--features', dir, '--C', String(C), '--threads', String(threads), '--out', out]));
      runs.startup.push(timed(['--version']));
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const [sk, fb, ours, command, startup] = ['skylake', 'fallback', 'ours', 'command', 'startup'].map((key) => runs[key].reduce(keepFastest, undefined));
  const { weights, bias } = probeParameters(ours.probe);
  const f = objective64(train.features, ours.trainLabels, weights, bias, classes.length, C);
  const arch = (s) => s.blas.map((b) => `${b.internal_api} ${b.version} ${b.architecture}, ${b.num_threads} threads`).join('; ');
  console.log(`\n${name}: ${train.features.rows} x ${train.features.cols} train features, ${classes.length} classes (C=${C}, tol=${tol}, max_iter=${maxIter}; fastest of ${repeats}, CPU seconds the least of ${repeats})`);
  console.log(`  scikit-learn fit, OPENBLAS_CORETYPE=SkylakeX: ${s2(sk.seconds)} (CPU ${s2(cpuMin(runs.skylake))}), ${sk.iterations} iterations, objective ${sk.objective.toFixed(6)}, test accuracy ${(100 * sk.test_accuracy).toFixed(2)}% [${arch(sk)}]`);
  console.log(`  scikit-learn fit, OpenBLAS's own choice:    ${s2(fb.seconds)} (CPU ${s2(cpuMin(runs.fallback))}), ${fb.iterations} iterations [${arch(fb)}]`);
  console.log(`  clip-eval fit:                              ${s2(ours.seconds)} (CPU ${s2(cpuMin(runs.ours))}), ${ours.report.iterations} iterations (${ours.report.evaluations} evaluations, stop: ${ours.report.stop}), objective ${f.toFixed(6)}, test accuracy ${(100 * ours.testAccuracy).toFixed(2)}%`);
  console.log(`  clip-eval linear-probe --features (whole):  ${s2(command.seconds)} (CPU ${s2(cpuMin(runs.command))}); of which the CLI's start-up (clip-eval --version) ${s2(startup.seconds)} (CPU ${s2(cpuMin(runs.startup))})`);
  console.log(`  ratios, wall (CPU): scikit-learn fallback / SkylakeX ${ratio(fb.seconds, sk.seconds)} (${ratio(cpuMin(runs.fallback), cpuMin(runs.skylake))}); clip-eval fit / scikit-learn SkylakeX fit ${ratio(ours.seconds, sk.seconds)} (${ratio(cpuMin(runs.ours), cpuMin(runs.skylake))}); whole command / scikit-learn SkylakeX fit ${ratio(command.seconds, sk.seconds)} (${ratio(cpuMin(runs.command), cpuMin(runs.skylake))}); whole command less CLI start-up / scikit-learn SkylakeX fit ${ratio(command.seconds - startup.seconds, sk.seconds)}`);
  console.log(`  agreement: objective relative difference ${((f - sk.objective) / sk.objective).toExponential(2)}, test accuracy difference ${(100 * (ours.testAccuracy - sk.test_accuracy)).toFixed(2)} points`);
  if (!sweep) continue;
  // The sweep and one cold fit at the C it chose, alternately `repeats` times, each side's fastest kept: one run
  // of each gave ratios from 8x to 18x on the shared machine.
  const sweeps = [];
  const colds = [];
  for (let r = 0; r < repeats; r++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    const result = await runLinearProbe(train, test, { ...PAPER_PROBE, threads });
    sweeps.push({ seconds: (performance.now() - start) / 1000, cpuSeconds: cpuSeconds(cpu), run: result.runs[0] });
    colds.push(await clipEvalFit(train, test, classes, sweeps[0].run.C));
  }
  const { seconds, run } = sweeps.reduce(keepFastest, undefined);
  const sweepCpu = cpuMin(sweeps);
  const atChosen = colds.reduce(keepFastest, undefined);
  const iterations = run.sweep.reduce((n, p) => n + p.iterations, 0);
  const evaluations = run.sweep.reduce((n, p) => n + p.evaluations, 0) + run.final.evaluations;
  console.log(`  sweep (PAPER_PROBE: ${run.sweep.length} fits on ${run.n.train - run.n.validation} rows, then the refit on ${run.n.train}; fastest of ${repeats}): ${s2(seconds)} (CPU ${s2(sweepCpu)}), ${iterations} + ${run.final.iterations} iterations, ${evaluations} evaluations, chose C=${run.C.toPrecision(3)} (validation ${(100 * run.accuracy.validation).toFixed(2)}%, test ${(100 * run.accuracy.test).toFixed(2)}%)`);
  console.log(`  one cold fit at the chosen C on all of train: ${s2(atChosen.seconds)} (CPU ${s2(cpuMin(colds))}), ${atChosen.report.iterations} iterations, ${atChosen.report.evaluations} evaluations`);
  if (coldSweep) {
    const [warm, cold] = [await searchOnly(train, classes, true), await searchOnly(train, classes, false)];
    const evals = (r) => `${r.evaluations.float32} float32 + ${r.evaluations.float64} float64 evaluations`;
    console.log(`  the search alone, warm starts: ${s2(warm.seconds)} (CPU ${s2(warm.cpuSeconds)}), ${warm.iterations} iterations, ${evals(warm)}, C=${warm.C.toPrecision(3)}; cold starts: ${s2(cold.seconds)} (CPU ${s2(cold.cpuSeconds)}), ${cold.iterations} iterations, ${evals(cold)}, C=${cold.C.toPrecision(3)}`);
    console.log(`  ratios, warm / cold starts: wall ${ratio(warm.seconds, cold.seconds)}, CPU ${ratio(warm.cpuSeconds, cold.cpuSeconds)}, iterations ${ratio(warm.iterations, cold.iterations)}, float32 evaluations ${ratio(warm.evaluations.float32, cold.evaluations.float32)}, float64 evaluations ${ratio(warm.evaluations.float64, cold.evaluations.float64)}`);
  }
  if (sklearnSweep) {
    const sk = sklearnSearch(name, train, classes);
    const trials = sk.trials.map((t) => `${t.C.toPrecision(2)}: ${(100 * t.validation_accuracy).toFixed(2)}%`).join(', ');
    console.log(`  scikit-learn's own fits in the same search: chose C=${sk.C.toPrecision(3)} (validation ${(100 * sk.validation_accuracy).toFixed(2)}%, test ${(100 * sk.test_accuracy).toFixed(2)}%); validation accuracy per C: ${trials}`);
  }
  console.log(`  ratios, wall (CPU): sweep / one cold fit at the chosen C ${ratio(seconds, atChosen.seconds)} (${ratio(sweepCpu, cpuMin(colds))}), evaluations ${ratio(evaluations, atChosen.report.evaluations)}; sweep / the fit at C=${C} ${ratio(seconds, ours.seconds)} (${ratio(sweepCpu, cpuMin(runs.ours))}); sweep iterations / that fit's ${ratio(iterations + run.final.iterations, ours.report.iterations)}`);
}
console.log(`\nload average at end: ${load()}`);

/** The sweep's search with scikit-learn's fits, on runLinearProbe's validation split (written beside the case's features). */
function sklearnSearch(name, train, classes) {
  const part = holdOut(encodeLabels(train.labels, classes), classes.length, PAPER_PROBE.valFraction, PAPER_PROBE.seed);
  const split = join(here, '.work', name, 'split.json');
  writeFileSync(split, JSON.stringify({ train: Array.from(part.train), validation: Array.from(part.validation) }));
  const grid = [PAPER_GRID.minLog10C, PAPER_GRID.maxLog10C, PAPER_GRID.stepsPerDecade, PAPER_GRID.coarseSteps].join(',');
  const env = { ...process.env, OPENBLAS_CORETYPE: 'SkylakeX', ...(threads > 0 ? { OPENBLAS_NUM_THREADS: String(threads) } : {}) };
  const out = spawnSync('/usr/bin/python3', [join(here, 'linear_probe_sklearn_sweep.py'), '--case', name, '--split', split, `--grid=${grid}`, '--tol', String(tol), '--max-iter', String(maxIter)], { encoding: 'utf8', env });
  if (out.status !== 0) throw new Error(`linear_probe_sklearn_sweep.py failed: ${out.stderr}`);
  return JSON.parse(out.stdout.trim().split('\n').at(-1));
}

/** The sweep's search (validation split and grid as runLinearProbe's) with warm or cold starts: iterations, seconds, C. */
async function searchOnly(train, classes, warm) {
  const labels = encodeLabels(train.labels, classes);
  const part = holdOut(labels, classes.length, PAPER_PROBE.valFraction, PAPER_PROBE.seed);
  const validation = selectRows(train.features, part.validation);
  const validationLabels = part.validation.map((i) => labels[i]);
  const opened = await openProbeKernel({ threads });
  // Counts the kernel's evaluations per precision: deterministic, unlike the times on a shared machine.
  const evaluations = { float32: 0, float64: 0 };
  const kernel = { ...opened, lossGradient: (data, precision, weights, bias) => (evaluations[precision]++, opened.lossGradient(data, precision, weights, bias)) };
  try {
    const data = bindData(selectRows(train.features, part.train), part.train.map((i) => labels[i]), classes.length);
    let iterations = 0;
    const cpu = process.cpuUsage();
    const start = performance.now();
    const { best } = await searchC(PAPER_GRID, async (c, neighbours) => {
      const { probe, report } = await fitLogistic(kernel, data, { C: c, tol, maxIterations: maxIter }, warm ? warmStartAt(c, neighbours) : undefined);
      iterations += report.iterations;
      return { probe, score: accuracy(await predictProbe(kernel, probe, validation), validationLabels) };
    });
    return { iterations, evaluations, seconds: (performance.now() - start) / 1000, cpuSeconds: cpuSeconds(cpu), C: best.C };
  } finally {
    await opened.release();
  }
}
