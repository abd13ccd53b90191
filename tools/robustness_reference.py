"""Independent reference numbers for clip-eval's effective-robustness analysis.

Reads imagenet-testbed's robustness_top1s.csv and testbed_model_types.csv (not in this repository; pass the
folder holding them), fits logit(shifted) = a * logit(in-distribution) + b over the testbed's baseline rule
(type STANDARD, names without 'aws', 'batch64', 'subsample', the evaluated models left out) with
scipy.stats.linregress, and writes the fit and the effective robustness of a few models as JSON.

    python3 tools/robustness_reference.py ../shared/data test/tasks/robustness/testbed-reference.json

Written from the method's definition (Taori et al. 2020); numpy and scipy only.
"""
import csv
import json
import sys

import numpy as np
import scipy.stats

SHIFTS = {
    'imagenet-v2': ('val', 'imagenetv2-matched-frequency-format-val'),
    'imagenet-r': ('val-on-imagenet-r-classes', 'imagenet-r'),
    'objectnet': ('val-on-objectnet-classes', 'objectnet-1.0-beta'),
    'imagenet-sketch': ('val', 'imagenet-sketch'),
    'imagenet-a': ('val-on-imagenet-a-classes', 'imagenet-a'),
    'imagenet-vid-robust': ('val-on-vid-robust-classes', 'imagenet-vid-robust_pm0'),
    'youtube-bb': ('val-on-ytbb-robust-classes', 'ytbb-robust_pm0'),
}
EVALUATED = ['vit_b_32_clip_zeroshot', 'resnet50_clip_zeroshot', 'instagram-resnext101_32x48d', 'efficientnet-l2-noisystudent', 'resnet50']
ALSO_REPORT = ['densenet121', 'vgg16']  # baselines inside the fit
SIZES = {'val': 50000, 'imagenet-a': 7500, 'val-on-objectnet-classes': 6250}


def logit(p):
    return np.log(p) - np.log1p(-p)


def expit(z):
    return 1.0 / (1.0 + np.exp(-z))


def main(data_dir, out_path):
    with open(f'{data_dir}/robustness_top1s.csv') as f:
        rows = list(csv.DictReader(f))
    with open(f'{data_dir}/testbed_model_types.csv') as f:
        types = {r['model']: r['type'] for r in csv.DictReader(f)}
    acc = {r['model']: {k: float(v) / 100 for k, v in r.items() if k != 'model' and v != ''} for r in rows}
    baselines = [m for m in acc if types.get(m) == 'STANDARD' and m not in EVALUATED
                 and not any(s in m.lower() for s in ('aws', 'batch64', 'subsample'))]

    def pairs(m, shift):
        a = acc[m]
        if shift == 'average':
            ys = [a.get(y) for _, y in SHIFTS.values()]
            if any(v is None for v in ys) or 'val' not in a:
                return None
            return a['val'], float(np.mean(ys))
        x, y = SHIFTS[shift]
        return (a[x], a[y]) if x in a and y in a else None

    out = {'baseline_count': len(baselines), 'shifts': {}}
    for shift in list(SHIFTS) + ['average']:
        pts = [pairs(m, shift) for m in baselines]
        pts = np.array([p for p in pts if p is not None and 0 < p[0] < 1 and 0 < p[1] < 1])
        fit = scipy.stats.linregress(logit(pts[:, 0]), logit(pts[:, 1]))
        models = {}
        for m in EVALUATED + ALSO_REPORT:
            p = pairs(m, shift)
            if p is None:
                continue
            pred = float(expit(fit.slope * logit(p[0]) + fit.intercept))
            models[m] = {'x': p[0], 'y': p[1], 'predicted_y': pred, 'effective_robustness': p[1] - pred}
        # Bootstrap band at three x positions, with numpy's generator (a different stream from clip-eval's).
        rng = np.random.default_rng(0)
        lx, ly = logit(pts[:, 0]), logit(pts[:, 1])
        grid = np.quantile(lx, [0.1, 0.5, 0.9])
        vals = []
        for _ in range(4000):
            idx = rng.integers(0, len(lx), len(lx))
            b = np.polyfit(lx[idx], ly[idx], 1)
            vals.append(b[0] * grid + b[1])
        vals = np.array(vals)
        out['shifts'][shift] = {
            'n': int(len(pts)), 'slope': fit.slope, 'intercept': fit.intercept, 'r': fit.rvalue,
            'band': [{'x': float(g), 'lower': float(np.percentile(vals[:, i], 2.5)), 'upper': float(np.percentile(vals[:, i], 97.5))}
                     for i, g in enumerate(grid)],
            'models': models,
        }
    # Per-point Clopper-Pearson intervals at imagenet-testbed's alpha = 0.005 for a few (accuracy, size) pairs.
    out['clopper_pearson'] = []
    for m, col in [('resnet50', 'val'), ('vit_b_32_clip_zeroshot', 'imagenet-a'), ('densenet121', 'val-on-objectnet-classes')]:
        n = SIZES[col]
        k = int(round(acc[m][col] * n))
        out['clopper_pearson'].append({'model': m, 'column': col, 'k': k, 'n': n, 'alpha': 0.005,
                                       'lower': float(scipy.stats.beta.ppf(0.0025, k, n - k + 1)),
                                       'upper': float(scipy.stats.beta.ppf(0.9975, k + 1, n - k))})
    with open(out_path, 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
