import { LBFGSB_LINE_SEARCH, MoreThuente } from './line-search.js';

/**
 * Unconstrained L-BFGS that reproduces scipy's L-BFGS-B 3.0 (what scikit-learn's lbfgs solver calls) step for
 * step, so that a tolerance means what it means there:
 * - direction -H·g from the two-loop recursion over the last `memory` pairs, H0 = (sᵀy / yᵀy)·I (without
 *   bounds this is the minimiser of L-BFGS-B's compact quasi-Newton model); a pair is skipped when
 *   sᵀy ≤ ε·(-gᵀs);
 * - Moré–Thuente line search (ftol 1e-3, gtol 0.9, xtol 0.1), first step 1/‖d‖ on iteration 0, else 1, at most
 *   `maxLineSearch` evaluations; a failed search drops the memory and retries along -g, and fails for good
 *   when the memory was already empty;
 * - stop when max|gᵢ| ≤ gtol (scipy's pgtol, scikit-learn's `tol`), when (f_old - f) ≤ ftol·max(|f_old|, |f|, 1),
 *   or after `maxIterations` iterations (scipy checks this before the convergence tests).
 *
 * `objectives` are the same function at increasing precision (float32 kernels, then float64). Whenever the
 * current one would stop (a convergence test fires or the line search fails), the next one takes over at the
 * same point with the same curvature memory, so the cheap one does most iterations and only the last one's
 * verdict counts: rounding noise in a float32 objective can neither fake nor prevent convergence.
 */

export interface LbfgsOptions {
  readonly maxIterations: number;
  readonly gtol: number;
  readonly ftol: number;
  readonly memory: number;
  readonly maxLineSearch: number;
  readonly maxEvaluations: number;
}

export type LbfgsStop = 'gtol' | 'ftol' | 'max-iterations' | 'max-evaluations' | 'line-search' | 'not-finite';

export interface LbfgsResult {
  readonly x: Float64Array;
  readonly f: number;
  /** max |gᵢ| at x. */
  readonly gradMax: number;
  readonly iterations: number;
  readonly evaluations: number;
  readonly stop: LbfgsStop;
  /** True when a convergence test fired (scipy's status 0). */
  readonly converged: boolean;
}

/** Writes ∇f(x) into `grad` and resolves to f(x). */
export type Objective = (x: Float64Array, grad: Float64Array) => Promise<number>;

const EPS = 2.220446049250313e-16;
/**
 * Line-search trials allowed at a coarse precision: L-BFGS steps are accepted within one or two trials until
 * the objective's rounding noise swamps the decrease; more trials than this mean it has, so go finer.
 */
const COARSE_LINE_SEARCH = 4;
const MAX_STEP = 1e10;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** The last `capacity` curvature pairs, oldest first. */
class PairMemory {
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];
  private readonly rho: number[] = [];
  private gamma = 1;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.s.length;
  }

  push(s: Float64Array, y: Float64Array, sy: number, yy: number): void {
    if (this.s.length === this.capacity) {
      this.s.shift();
      this.y.shift();
      this.rho.shift();
    }
    this.s.push(s);
    this.y.push(y);
    this.rho.push(1 / sy);
    this.gamma = sy / yy;
  }

  clear(): void {
    this.s.length = 0;
    this.y.length = 0;
    this.rho.length = 0;
    this.gamma = 1;
  }

  /** d = -H·g by the two-loop recursion. */
  direction(g: Float64Array, d: Float64Array): void {
    const k = this.s.length;
    const alpha = new Float64Array(k);
    for (let i = 0; i < g.length; i++) d[i] = -g[i]!;
    for (let j = k - 1; j >= 0; j--) {
      const s = this.s[j]!;
      const y = this.y[j]!;
      const a = this.rho[j]! * dot(s, d);
      alpha[j] = a;
      for (let i = 0; i < d.length; i++) d[i]! -= a * y[i]!;
    }
    for (let i = 0; i < d.length; i++) d[i]! *= this.gamma;
    for (let j = 0; j < k; j++) {
      const s = this.s[j]!;
      const b = this.rho[j]! * dot(this.y[j]!, d);
      const c = alpha[j]! - b;
      for (let i = 0; i < d.length; i++) d[i]! += c * s[i]!;
    }
  }
}

export async function minimizeLbfgs(objectives: readonly Objective[], x0: Float64Array, options: LbfgsOptions): Promise<LbfgsResult> {
  const n = x0.length;
  let level = 0;
  let objective = objectives[0]!;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let f = await objective(x, g);
  let evaluations = 1;
  let iterations = 0;
  const finish = (stop: LbfgsStop): LbfgsResult => ({ x, f, gradMax: maxAbs(g), iterations, evaluations, stop, converged: stop === 'gtol' || stop === 'ftol' });
  /** Moves to the next precision at x (true), or reports that there is none (false). */
  const escalate = async () => {
    if (level + 1 >= objectives.length) return false;
    objective = objectives[++level]!;
    f = await objective(x, g);
    evaluations++;
    return true;
  };
  /** A stop the current precision wants to make; undefined when a finer precision continues instead. */
  const stopOrEscalate = async (stop: LbfgsStop): Promise<LbfgsResult | undefined> => {
    if (!(await escalate())) return finish(stop);
    if (!Number.isFinite(f)) return finish('not-finite');
    return maxAbs(g) <= options.gtol ? stopOrEscalate('gtol') : undefined;
  };
  if (!Number.isFinite(f)) return finish('not-finite');
  if (maxAbs(g) <= options.gtol) {
    const stopped = await stopOrEscalate('gtol');
    if (stopped) return stopped;
  }

  const memory = new PairMemory(options.memory);
  const d = new Float64Array(n);
  let xTrial = new Float64Array(n);
  let gTrial = new Float64Array(n);

  /** Searches along d from x; the accepted point is left in xTrial/gTrial. Undefined when the search fails. */
  const lineSearch = async (gd0: number): Promise<{ stp: number; fNew: number } | undefined> => {
    const first = iterations === 0 ? Math.min(1 / Math.sqrt(dot(d, d)), MAX_STEP) : 1;
    const search = new MoreThuente(f, gd0, first, { ...LBFGSB_LINE_SEARCH, stpmax: MAX_STEP });
    const maxTrials = level + 1 < objectives.length ? COARSE_LINE_SEARCH : options.maxLineSearch;
    for (let trials = 1; ; trials++) {
      const stp = search.step;
      for (let i = 0; i < n; i++) xTrial[i] = x[i]! + stp * d[i]!;
      const fNew = await objective(xTrial, gTrial);
      evaluations++;
      if (!Number.isFinite(fNew)) return undefined;
      if (search.next(fNew, dot(gTrial, d)).kind !== 'evaluate') return { stp, fNew };
      if (trials >= maxTrials) return undefined;
    }
  };

  for (;;) {
    memory.direction(g, d);
    const gd0 = dot(g, d);
    const search = gd0 < 0 ? await lineSearch(gd0) : undefined;
    if (search === undefined) {
      // A coarser precision's failure is rounding noise: go finer with the memory kept. At full precision,
      // scipy's rule: drop the memory and retry along -g, and give up when it was already empty.
      if (level + 1 < objectives.length || memory.size === 0) {
        const stopped = await stopOrEscalate('line-search');
        if (stopped) return stopped;
      } else {
        memory.clear();
      }
      continue;
    }
    const { stp, fNew } = search;
    iterations++;
    // s = stp·d, y = g_new - g; the pair is kept only with enough positive curvature.
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = stp * d[i]!;
      y[i] = gTrial[i]! - g[i]!;
    }
    const fOld = f;
    [x, xTrial] = [xTrial, x];
    [g, gTrial] = [gTrial, g];
    f = fNew;
    if (iterations >= options.maxIterations) return finish('max-iterations');
    if (evaluations > options.maxEvaluations) return finish('max-evaluations');
    const sy = dot(s, y);
    if (sy > EPS * -(stp * gd0)) memory.push(s, y, sy, dot(y, y));
    const verdict = maxAbs(g) <= options.gtol ? 'gtol' : fOld - f <= options.ftol * Math.max(Math.abs(fOld), Math.abs(f), 1) ? 'ftol' : undefined;
    if (verdict) {
      const stopped = await stopOrEscalate(verdict);
      if (stopped) return stopped;
    }
  }
}
