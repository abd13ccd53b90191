import { readFileSync } from 'node:fs';

/** Outputs of scipy 1.10 and scikit-learn 1.2, made by tools/linear_probe_reference.py. */
export interface Reference {
  readonly dcsrch: readonly {
    readonly function: 'mt1' | 'mt2' | 'mt3' | 'quadratic';
    readonly ftol: number;
    readonly gtol: number;
    readonly xtol: number;
    readonly stpmax: number;
    readonly trials: readonly number[];
    readonly final: number;
    readonly task: 'CONVERGENCE' | 'WARNING';
  }[];
  readonly lbfgsb: {
    readonly x: readonly number[];
    readonly y: readonly number[];
    readonly n: number;
    readonly d: number;
    readonly k: number;
    readonly runs: readonly { readonly C: number; readonly gtol: number; readonly maxiter: number; readonly nit: number; readonly nfev: number; readonly message: string; readonly f: readonly number[] }[];
  };
  readonly sklearn: {
    readonly C: number;
    readonly tol: number;
    readonly max_iter: number;
    readonly d: number;
    readonly k: number;
    readonly train_x: readonly number[];
    readonly train_y: readonly number[];
    readonly test_x: readonly number[];
    readonly test_y: readonly number[];
    readonly coef: readonly number[];
    readonly intercept: readonly number[];
    readonly n_iter: number;
    readonly objective: number;
    readonly test_pred: readonly number[];
    readonly test_accuracy: number;
  };
}

export const REFERENCE: Reference = JSON.parse(readFileSync(new URL('./fixtures/reference.json', import.meta.url), 'utf8'));

/**
 * scikit-learn 1.2's multinomial objective and gradient in plain float64 loops (the oracle for the kernels):
 * x packed as [W row-major (k×d), b (k)].
 */
export function naiveObjective(features: ArrayLike<number>, labels: ArrayLike<number>, d: number, k: number, C: number) {
  const n = labels.length;
  return (x: Float64Array, grad: Float64Array): number => {
    grad.fill(0);
    let loss = 0;
    const z = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      let max = -Infinity;
      for (let c = 0; c < k; c++) {
        let s = x[k * d + c]!;
        for (let j = 0; j < d; j++) s += features[i * d + j]! * x[c * d + j]!;
        z[c] = s;
        max = Math.max(max, s);
      }
      let sum = 0;
      for (let c = 0; c < k; c++) sum += Math.exp(z[c]! - max);
      const lse = max + Math.log(sum);
      loss += lse - z[labels[i]!]!;
      for (let c = 0; c < k; c++) {
        const r = Math.exp(z[c]! - lse) - (c === labels[i] ? 1 : 0);
        grad[k * d + c]! += r;
        for (let j = 0; j < d; j++) grad[c * d + j]! += r * features[i * d + j]!;
      }
    }
    let squared = 0;
    for (let i = 0; i < k * d; i++) {
      squared += x[i]! ** 2;
      grad[i]! += x[i]! / C;
    }
    return loss + squared / (2 * C);
  };
}
