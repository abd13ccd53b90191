/**
 * The Moré–Thuente line search (MINPACK-2's dcsrch/dcstep, as L-BFGS-B 3.0 calls it), written as a state
 * machine over φ(stp) = f(x + stp·d) so that the caller can evaluate f asynchronously. It looks for a step
 * meeting the strong Wolfe conditions φ(stp) ≤ φ(0) + ftol·stp·φ'(0) and |φ'(stp)| ≤ gtol·|φ'(0)|, keeping an
 * interval of uncertainty [stx, sty] and choosing trial steps by safeguarded cubic/quadratic interpolation.
 */

export interface LineSearchParams {
  readonly ftol: number;
  readonly gtol: number;
  readonly xtol: number;
  readonly stpmin: number;
  readonly stpmax: number;
}

/** L-BFGS-B's fixed choices (lnsrlb): sufficient decrease 1e-3, curvature 0.9, relative interval width 0.1. */
export const LBFGSB_LINE_SEARCH = { ftol: 1e-3, gtol: 0.9, xtol: 0.1, stpmin: 0 } as const;

/** 'evaluate': try `stp` next. 'converged': the last step meets both conditions. 'warning': no further progress is possible; keep the last step. */
export type LineSearchStep = { readonly kind: 'evaluate'; readonly stp: number } | { readonly kind: 'converged' | 'warning'; readonly stp: number };

const XTRAPL = 1.1;
const XTRAPU = 4;

/** One endpoint of the interval of uncertainty: step, value, derivative. */
interface Point {
  stp: number;
  f: number;
  g: number;
}

export class MoreThuente {
  private brackt = false;
  private stage: 1 | 2 = 1;
  private readonly gtest: number;
  private width: number;
  private width1: number;
  private readonly x: Point;
  private readonly y: Point;
  private stmin = 0;
  private stmax: number;

  /** Starts a search from φ(0) = `finit` with slope `ginit` < 0; the first trial step is `stp`. */
  constructor(
    private readonly finit: number,
    private readonly ginit: number,
    private stp: number,
    private readonly params: LineSearchParams,
  ) {
    if (!(ginit < 0)) throw new RangeError(`line search needs a descent direction, got slope ${ginit}`);
    if (stp < params.stpmin || stp > params.stpmax) throw new RangeError(`initial step ${stp} is outside [${params.stpmin}, ${params.stpmax}]`);
    this.gtest = params.ftol * ginit;
    this.width = params.stpmax - params.stpmin;
    this.width1 = 2 * this.width;
    this.x = { stp: 0, f: finit, g: ginit };
    this.y = { stp: 0, f: finit, g: ginit };
    this.stmax = stp + XTRAPU * stp;
  }

  get step(): number {
    return this.stp;
  }

  /** Feeds φ and φ' at the current trial step; returns what to do next. */
  next(f: number, g: number): LineSearchStep {
    const { params, gtest, x, y } = this;
    const stp = this.stp;
    const ftest = this.finit + stp * gtest;
    if (this.stage === 1 && f <= ftest && g >= 0) this.stage = 2;

    if (f <= ftest && Math.abs(g) <= params.gtol * -this.ginit) return { kind: 'converged', stp };
    const stuck =
      (this.brackt && (stp <= this.stmin || stp >= this.stmax)) ||
      (this.brackt && this.stmax - this.stmin <= params.xtol * this.stmax) ||
      (stp === params.stpmax && f <= ftest && g <= gtest) ||
      (stp === params.stpmin && (f > ftest || g >= gtest));
    if (stuck) return { kind: 'warning', stp };

    const trial = { stp, f, g };
    if (this.stage === 1 && f <= x.f && f > ftest) {
      // Until a step with sufficient decrease and non-negative slope is seen, interpolate the modified
      // function ψ(s) = φ(s) - φ(0) - s·gtest, whose minimisers meet the sufficient-decrease condition.
      const shift = (p: Point) => ({ stp: p.stp, f: p.f - p.stp * gtest, g: p.g - gtest });
      const [mx, my, mt] = [shift(x), shift(y), shift(trial)];
      this.stp = this.cstep(mx, my, mt);
      Object.assign(x, { stp: mx.stp, f: mx.f + mx.stp * gtest, g: mx.g + gtest });
      Object.assign(y, { stp: my.stp, f: my.f + my.stp * gtest, g: my.g + gtest });
    } else {
      this.stp = this.cstep(x, y, trial);
    }

    if (this.brackt) {
      // Bisect when the interval has not shrunk enough over two steps.
      if (Math.abs(y.stp - x.stp) >= 0.66 * this.width1) this.stp = x.stp + 0.5 * (y.stp - x.stp);
      this.width1 = this.width;
      this.width = Math.abs(y.stp - x.stp);
      this.stmin = Math.min(x.stp, y.stp);
      this.stmax = Math.max(x.stp, y.stp);
    } else {
      this.stmin = this.stp + XTRAPL * (this.stp - x.stp);
      this.stmax = this.stp + XTRAPU * (this.stp - x.stp);
    }
    this.stp = Math.min(Math.max(this.stp, params.stpmin), params.stpmax);
    if ((this.brackt && (this.stp <= this.stmin || this.stp >= this.stmax)) || (this.brackt && this.stmax - this.stmin <= params.xtol * this.stmax)) {
      // No progress is possible inside the interval: fall back to the best step so far.
      this.stp = x.stp;
    }
    return { kind: 'evaluate', stp: this.stp };
  }

  /**
   * dcstep: a safeguarded step from the interval endpoints `x` (best so far) and `y` and the trial `t`; updates
   * the interval in place and returns the next step, clamped by the current [stmin, stmax] when extrapolating.
   */
  private cstep(x: Point, y: Point, t: Point): number {
    const { stmin, stmax } = this;
    const sgnd = t.g * Math.sign(x.g);
    let stpf: number;
    if (t.f > x.f) {
      // Higher value: the minimum is bracketed; take the cubic step or the mean of cubic and quadratic.
      const stpc = cubicMinimizer(x, t, t.stp < x.stp, 'from-x');
      const stpq = x.stp + (x.g / ((x.f - t.f) / (t.stp - x.stp) + x.g) / 2) * (t.stp - x.stp);
      stpf = Math.abs(stpc - x.stp) < Math.abs(stpq - x.stp) ? stpc : stpc + (stpq - stpc) / 2;
      this.brackt = true;
    } else if (sgnd < 0) {
      // The derivatives have opposite signs: bracketed; take whichever of cubic and secant is farther from t.
      const stpc = cubicMinimizer(x, t, t.stp > x.stp, 'from-t');
      const stpq = t.stp + (t.g / (t.g - x.g)) * (x.stp - t.stp);
      stpf = Math.abs(stpc - t.stp) > Math.abs(stpq - t.stp) ? stpc : stpq;
      this.brackt = true;
    } else if (Math.abs(t.g) < Math.abs(x.g)) {
      // Same sign, decreasing magnitude: the cubic may have no minimiser in the right direction.
      const theta = (3 * (x.f - t.f)) / (t.stp - x.stp) + x.g + t.g;
      const s = Math.max(Math.abs(theta), Math.abs(x.g), Math.abs(t.g));
      let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (x.g / s) * (t.g / s)));
      if (t.stp > x.stp) gamma = -gamma;
      const r = (gamma - t.g + theta) / (gamma + (x.g - t.g) + gamma);
      const stpc = r < 0 && gamma !== 0 ? t.stp + r * (x.stp - t.stp) : t.stp > x.stp ? stmax : stmin;
      const stpq = t.stp + (t.g / (t.g - x.g)) * (x.stp - t.stp);
      if (this.brackt) {
        stpf = Math.abs(stpc - t.stp) < Math.abs(stpq - t.stp) ? stpc : stpq;
        const limit = t.stp + 0.66 * (y.stp - t.stp);
        stpf = t.stp > x.stp ? Math.min(limit, stpf) : Math.max(limit, stpf);
      } else {
        stpf = Math.abs(stpc - t.stp) > Math.abs(stpq - t.stp) ? stpc : stpq;
        stpf = Math.max(stmin, Math.min(stmax, stpf));
      }
    } else if (this.brackt) {
      // Same sign, no decrease in magnitude, bracketed: the cubic through t and the far endpoint y.
      stpf = cubicMinimizer(y, t, t.stp > y.stp, 'from-t');
    } else {
      stpf = t.stp > x.stp ? stmax : stmin;
    }

    if (t.f > x.f) {
      Object.assign(y, t);
    } else {
      if (sgnd < 0) Object.assign(y, x);
      Object.assign(x, t);
    }
    return stpf;
  }
}

/**
 * Minimiser of the cubic interpolating values and slopes at `a` and `t`, in the two algebraically equivalent
 * forms dcstep uses: measured from `a` (when the value rose) or from `t`; `flip` fixes the root's sign.
 */
function cubicMinimizer(a: Point, t: Point, flip: boolean, origin: 'from-x' | 'from-t'): number {
  const theta = (3 * (a.f - t.f)) / (t.stp - a.stp) + a.g + t.g;
  const s = Math.max(Math.abs(theta), Math.abs(a.g), Math.abs(t.g));
  let gamma = s * Math.sqrt(Math.max(0, (theta / s) ** 2 - (a.g / s) * (t.g / s)));
  if (flip) gamma = -gamma;
  if (origin === 'from-x') {
    const r = (gamma - a.g + theta) / (gamma - a.g + gamma + t.g);
    return a.stp + r * (t.stp - a.stp);
  }
  const r = (gamma - t.g + theta) / (gamma - t.g + gamma + a.g);
  return t.stp + r * (a.stp - t.stp);
}
