"""Reference values for clip-eval's statistics (src/metrics), computed with SciPy.

    python3 tools/metrics_reference.py test/metrics/scipy-reference.json
"""
import json
import sys

import numpy as np
import scipy.special
import scipy.stats


def main(out_path):
    out = {'regularized_beta': [], 'beta_quantile': [], 'clopper_pearson': [], 'binomial_cdf': [], 'mcnemar': [], 'log_gamma': []}
    for x, a, b in [(0.3, 2, 5), (0.5, 0.5, 0.5), (0.9, 10, 3), (0.001, 1, 1000), (0.63, 31650, 18351), (0.2, 1e4, 4e4), (0.99, 50, 0.7)]:
        out['regularized_beta'].append({'x': x, 'a': a, 'b': b, 'value': float(scipy.special.betainc(a, b, x))})
    for p, a, b in [(0.025, 3, 8), (0.975, 3, 8), (0.0025, 1, 50000), (0.9975, 49999, 2), (0.5, 0.5, 0.5), (0.0025, 31650, 18351)]:
        out['beta_quantile'].append({'p': p, 'a': a, 'b': b, 'value': float(scipy.stats.beta.ppf(p, a, b))})
    for k, n, alpha in [(0, 10, 0.05), (10, 10, 0.05), (3, 10, 0.05), (1, 1, 0.05), (5000, 10000, 0.005), (7, 7500, 0.005), (31650, 50000, 0.05), (1, 2, 0.2)]:
        lo = 0.0 if k == 0 else float(scipy.stats.beta.ppf(alpha / 2, k, n - k + 1))
        hi = 1.0 if k == n else float(scipy.stats.beta.ppf(1 - alpha / 2, k + 1, n - k))
        out['clopper_pearson'].append({'k': k, 'n': n, 'alpha': alpha, 'lower': lo, 'upper': hi})
    for k, n, p in [(0, 5, 0.5), (2, 5, 0.5), (4, 20, 0.3), (450, 1000, 0.5), (12, 30, 0.5)]:
        out['binomial_cdf'].append({'k': k, 'n': n, 'p': p, 'value': float(scipy.stats.binom.cdf(k, n, p))})
    for b, c in [(0, 0), (1, 0), (3, 12), (10, 10), (40, 61), (200, 260), (0, 7)]:
        n = b + c
        if n == 0:
            exact = mid = 1.0
        else:
            k = min(b, c)
            exact = min(1.0, 2 * scipy.stats.binom.cdf(k, n, 0.5))
            mid = min(1.0, 2 * scipy.stats.binom.cdf(k, n, 0.5) - scipy.stats.binom.pmf(k, n, 0.5))
        out['mcnemar'].append({'b': b, 'c': c, 'exact': float(exact), 'mid': float(mid)})
    for x in [0.1, 0.5, 1, 2.5, 10, 171.3, 50001]:
        out['log_gamma'].append({'x': x, 'value': float(scipy.special.gammaln(x))})
    rng = np.random.default_rng(7)
    xs = rng.normal(size=25)
    ys = 0.8 * xs - 0.3 + rng.normal(scale=0.2, size=25)
    fit = scipy.stats.linregress(xs, ys)
    resid = ys - (fit.slope * xs + fit.intercept)
    out['linregress'] = {'x': xs.tolist(), 'y': ys.tolist(), 'slope': fit.slope, 'intercept': fit.intercept, 'r': fit.rvalue,
                         'residual_std': float(np.sqrt(np.sum(resid ** 2) / (len(xs) - 2)))}
    with open(out_path, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main(sys.argv[1])
