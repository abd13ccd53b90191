"""Oracle values for clip-eval's calibration metrics (src/metrics/calibration/), computed with NumPy alone.

    /usr/bin/python3 tools/make-calibration-oracles.py test/metrics/fixtures/calibration-oracles.json
    /usr/bin/python3 tools/make-calibration-oracles.py --runs test/metrics/fixtures/calibration-runs.json NAME=RUN_DIR...

The second form reads finished `zeroshot --save-embeddings` runs (logits.npy, the scoring head in
metrics.json, the labels in predictions.csv) and computes their figures from the model's own logits, so a
test can check a real run's metrics.json against them (the runs of test/cli/zeroshot-probabilities.test.ts:
`--templates identity`, siglip-tiny and the `combined` CLIP fixture on the FairFace fixture's
val:race-gender-harm, tiny-random-clip on ../shared/fixtures/images).

Each case is a matrix of a model's own logits (few decimals, used as float32 on both sides), the labels, the
scoring head's kind and, for ObjectNet-like cases, a many-to-one class -> label map. The reference follows
the definitions, not clip-eval's code:
  - probabilities: softmax over each row (CLIP) or a sigmoid per entry (SigLIP), in float64, stored as float32;
  - prediction: the label of the highest logit (ties to the lower class index);
  - top-1 probability: the probability of the predicted label; with a many-to-one map, the sum of its classes'
    softmax probabilities, or the largest of their sigmoids;
  - ECE (Guo et al. 2017, eq. 3): 15 bins (m/15, (m+1)/15], edges m/15, a probability of exactly 0 in the
    first bin; sum over bins of |B|/n * |acc(B) - conf(B)|, written out as the bin loop of Guo et al.'s
    released code (gpleiss/temperature_scaling, _ECELoss), not as a histogram.
"""
import json
import sys

import numpy as np

BINS = 15


def probabilities(logits, kind):
    x = logits.astype(np.float64)
    if kind == 'softmax':
        e = np.exp(x - x.max(axis=1, keepdims=True))
        return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
    return (1.0 / (1.0 + np.exp(-x))).astype(np.float32)


def top1(logits, probs, kind, class_to_label):
    top_class = np.argmax(logits, axis=1)  # first maximum: the lower index on ties
    pred = class_to_label[top_class]
    conf = np.empty(len(pred), dtype=np.float64)
    for i, label in enumerate(pred):
        members = probs[i, class_to_label == label].astype(np.float64)
        conf[i] = min(1.0, members.sum()) if kind == 'softmax' else members.max()
    return pred, conf.astype(np.float32).astype(np.float64)  # float32, as predictions.csv holds it


def ece(conf, correct, bins=BINS):
    edges = np.arange(bins + 1) / bins
    total = 0.0
    for m in range(bins):
        lo, hi = edges[m], edges[m + 1]
        in_bin = (conf > lo) & (conf <= hi)
        if m == 0:
            in_bin |= conf == 0
        share = in_bin.mean()
        if share > 0:
            total += abs(correct[in_bin].mean() - conf[in_bin].mean()) * share
    return float(total)


def case(name, logits, y, kind, class_to_label=None):
    classes = logits.shape[1]
    ctl = np.arange(classes) if class_to_label is None else np.asarray(class_to_label)
    l32 = logits.astype(np.float32)
    probs = probabilities(l32, kind)
    pred, conf = top1(l32, probs, kind, ctl)
    correct = (pred == y).astype(np.float64)
    return {'name': name, 'kind': kind, 'classes': classes, 'labels': int(ctl.max()) + 1,
            'class_to_label': None if class_to_label is None else ctl.tolist(),
            'y': y.tolist(), 'logits': logits.ravel().tolist(),
            'confidence': conf.tolist(), 'correct': correct.astype(int).tolist(),
            'values': {'expected_calibration_error': ece(conf, correct), 'mean_confidence': float(conf.mean())}}


def informative(rng, y, classes, signal, scale, bias=0.0):
    s = rng.normal(size=(len(y), classes))
    s[np.arange(len(y)), y] += signal
    return np.round(s * scale + bias, 3)


def run_figures(run_dir):
    """A run's ECE and mean confidence from its logits.npy (identity class -> label map)."""
    import csv
    import os
    with open(os.path.join(run_dir, 'metrics.json')) as f:
        metrics = json.load(f)
    classes = [c['class'] for c in metrics['per_class']]
    with open(os.path.join(run_dir, 'predictions.csv'), newline='') as f:
        y = np.array([classes.index(row['label']) for row in csv.DictReader(f)])
    logits = np.load(os.path.join(run_dir, 'logits.npy'))
    kind = metrics['scoring']['kind']
    probs = probabilities(logits, kind)
    pred, conf = top1(logits, probs, kind, np.arange(len(classes)))
    correct = (pred == y).astype(np.float64)
    return {'kind': kind, 'n': int(len(y)), 'values': {'expected_calibration_error': ece(conf, correct), 'mean_confidence': float(conf.mean())}}


def main(out_path):
    rng = np.random.default_rng(15)
    cases = []
    y = rng.integers(0, 10, size=400)
    cases.append(case('softmax_n400_c10', informative(rng, y, 10, 1.5, 2.0), y, 'softmax'))
    y = rng.integers(0, 5, size=300)
    cases.append(case('softmax_n300_c5_sharp', informative(rng, y, 5, 1.0, 8.0), y, 'softmax'))
    y = rng.integers(0, 8, size=250)
    # SigLIP-like: a large negative bias, so most pairs are near 0 and rows do not sum to 1
    cases.append(case('sigmoid_n250_c8', informative(rng, y, 8, 2.5, 3.0, -4.0), y, 'sigmoid'))
    y = rng.integers(0, 6, size=200)
    cases.append(case('sigmoid_n200_c6_underflow', informative(rng, y, 6, 3.0, 40.0, -120.0), y, 'sigmoid'))
    class_to_label = np.array([0, 0, 1, 1, 1, 2, 3, 3, 0, 2])
    y = rng.integers(0, 4, size=180)
    true_class = np.array([rng.choice(np.flatnonzero(class_to_label == l)) for l in y])
    for kind in ('softmax', 'sigmoid'):
        s = rng.normal(size=(180, 10))
        s[np.arange(180), true_class] += 1.2
        cases.append(case(f'{kind}_n180_c10_to_4_labels', np.round(s * 2.0 - (3.0 if kind == 'sigmoid' else 0.0), 3), y, kind, class_to_label))
    # confidences on the bin edges themselves (m/15 as a double), 0 and 1: which bin each lands in
    edge = np.array([0.0, 1 / 15, 2 / 15, 0.2, 7 / 15, 0.5, 14 / 15, 1.0, 0.9999, 0.0001])
    correct = np.array([0, 1, 0, 1, 1, 0, 1, 1, 0, 0], dtype=np.float64)
    edges_case = {'name': 'bin_edges', 'confidence': edge.tolist(), 'correct': correct.astype(int).tolist(),
                  'values': {'expected_calibration_error': ece(edge, correct), 'mean_confidence': float(edge.mean())}}
    with open(out_path, 'w') as f:
        json.dump({'bins': BINS, 'cases': cases, 'pairs': [edges_case]}, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    if sys.argv[1] == '--runs':
        runs = {name: run_figures(path) for name, path in (a.split('=', 1) for a in sys.argv[3:])}
        with open(sys.argv[2], 'w') as f:
            json.dump(runs, f, indent=1)
            f.write('\n')
    else:
        main(sys.argv[1])
