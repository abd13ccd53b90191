"""Oracle values for clip-eval's score metrics (src/metrics/registry.ts), computed with scikit-learn and NumPy.

    /usr/bin/python3 tools/make-metric-oracles.py test/metrics/fixtures/metric-oracles.json

Scores are written with few decimals and used as float32 on both sides (JSON -> Float32Array rounds the
same way as np.float32), so the TypeScript metrics see exactly the scores scikit-learn saw.
"""
import json
import sys

import numpy as np
from sklearn.metrics import (average_precision_score, balanced_accuracy_score, precision_recall_curve,
                             roc_auc_score, top_k_accuracy_score)


def voc_ap(rec, prec, use_07_metric=False):
    """The VOC devkit's voc_ap (py-faster-rcnn's voc_eval.py), of which clip-eval implements use_07_metric=True."""
    if use_07_metric:
        ap = 0.
        for t in np.arange(0., 1.1, 0.1):
            if np.sum(rec >= t) == 0:
                p = 0
            else:
                p = np.max(prec[rec >= t])
            ap = ap + p / 11.
        return ap
    raise NotImplementedError('only the VOC2007 11-point metric is needed')


def label_scores(scores, class_to_label, n_labels):
    """A label's score is the max over the classes that map to it."""
    out = np.full((scores.shape[0], n_labels), -np.inf, dtype=np.float32)
    for c, label in enumerate(class_to_label):
        out[:, label] = np.maximum(out[:, label], scores[:, c])
    return out


def top_k(y, scores, class_to_label, k):
    """Rank classes by score, ties to the lower index (a stable sort of -score, as clip-eval's topK), map, keep duplicates."""
    order = np.argsort(-scores, axis=1, kind='stable')[:, :k]
    hits = (class_to_label[order] == y[:, None]).any(axis=1)
    value = float(hits.mean())
    identity = np.array_equal(class_to_label, np.arange(scores.shape[1]))
    no_row_ties = all(len(np.unique(r)) == len(r) for r in scores)
    if identity and no_row_ties:
        # scikit-learn breaks ties towards the higher index; without ties it must agree.
        sk = top_k_accuracy_score(y, scores, k=k, labels=np.arange(scores.shape[1]))
        assert abs(sk - value) < 1e-12, (sk, value)
        return float(sk)
    return value


def metrics(y, scores, class_to_label, n_labels):
    ls = label_scores(scores, class_to_label, n_labels)
    support = np.bincount(y, minlength=n_labels)
    present = [l for l in range(n_labels) if support[l] > 0]
    ap, ap11 = [], []
    for l in present:
        truth = (y == l).astype(int)
        ap.append(average_precision_score(truth, ls[:, l]))
        precision, recall, _ = precision_recall_curve(truth, ls[:, l])
        # drop scikit-learn's appended (recall 0, precision 1) point, which the devkit's curve does not have
        ap11.append(voc_ap(recall[:-1], precision[:-1], use_07_metric=True))
    auc_labels = [l for l in present if support[l] < len(y)]
    onehot = (y[:, None] == np.arange(n_labels)[None, :]).astype(int)
    return {
        'top1': top_k(y, scores, class_to_label, 1),
        'top5': top_k(y, scores, class_to_label, 5),
        'mean_per_class_recall': float(balanced_accuracy_score(y, class_to_label[np.argmax(scores, axis=1)])),
        'map11': float(np.mean(ap11)),
        'map': float(np.mean(ap)),
        'roc_auc': float(roc_auc_score(onehot[:, auc_labels], ls[:, auc_labels], average='macro')),
    }


def case(name, y, rounded, class_to_label=None, n_labels=None):
    classes = rounded.shape[1]
    class_to_label = np.arange(classes) if class_to_label is None else np.asarray(class_to_label)
    n_labels = classes if n_labels is None else n_labels
    scores = rounded.astype(np.float32)
    return {'name': name, 'classes': classes, 'labels': n_labels,
            'class_to_label': None if n_labels == classes and np.array_equal(class_to_label, np.arange(classes)) else class_to_label.tolist(),
            'y': y.tolist(), 'scores': rounded.ravel().tolist(), 'values': metrics(y, scores, class_to_label, n_labels)}


def informative(rng, y, classes, signal, decimals):
    """Noisy scores with the true class raised, so the metrics land away from 0 and 1."""
    s = rng.normal(size=(len(y), classes))
    s[np.arange(len(y)), y] += signal
    return np.round(s, decimals)


def classification_cases(rng):
    out = []
    y = rng.integers(0, 7, size=200)
    out.append(case('n200_c7', y, informative(rng, y, 7, 1.0, 5)))
    y = rng.choice([0, 2], size=50)
    out.append(case('n50_c3_class_1_absent', y, informative(rng, y, 3, 0.8, 5)))
    y = rng.integers(0, 6, size=120)
    out.append(case('n120_c6_ties', y, np.round(informative(rng, y, 6, 0.7, 5) * 2) / 2))
    # 20 samples a label: recalls land on exact tenths, where np.arange's 0.30000000000000004 matters
    y = np.repeat(np.arange(8), 20)
    out.append(case('n160_c8_twenty_each', y, informative(rng, y, 8, 1.2, 4)))
    # ObjectNet-like: 12 classifier classes onto 5 labels (label 4 has one class and no samples), with ties.
    class_to_label = np.array([0, 0, 1, 1, 1, 2, 3, 3, 0, 2, 4, 1])
    y = rng.integers(0, 4, size=150)
    true_class = np.array([rng.choice(np.flatnonzero(class_to_label == l)) for l in y])
    s = rng.normal(size=(150, 12))
    s[np.arange(150), true_class] += 1.0
    out.append(case('n150_c12_to_5_labels', y, np.round(s, 1), class_to_label, 5))
    return out


def ranks(queries, targets, correct_lists):
    """Brute force: the number of targets scoring strictly above the best correct target."""
    s = (queries.astype(np.float64) @ targets.astype(np.float64).T).astype(np.float32)
    return [int(np.sum(s[q] > s[q, c].max())) for q, c in enumerate(correct_lists)]


def retrieval_case(name, queries, targets, correct_lists):
    r = np.array(ranks(queries.astype(np.float32), targets.astype(np.float32), correct_lists))
    offsets = np.concatenate([[0], np.cumsum([len(c) for c in correct_lists])])
    return {'name': name, 'dim': queries.shape[1], 'queries': queries.ravel().tolist(), 'targets': targets.ravel().tolist(),
            'offsets': offsets.tolist(), 'correct': [int(t) for c in correct_lists for t in c], 'ranks': r.tolist(),
            'recall': {f'recall@{k}': float(np.mean(r < k)) for k in (1, 5, 10)}}


def retrieval_cases(rng):
    # image -> text: 30 images, 5 captions each (caption 5i..5i+4 belong to image i), captions near their image
    images = rng.normal(size=(30, 16))
    captions = np.repeat(images, 5, axis=0) + rng.normal(scale=1.5, size=(150, 16))
    out = [retrieval_case('i2t_30x150', np.round(images, 4), np.round(captions, 4), [list(range(5 * i, 5 * i + 5)) for i in range(30)])]
    # small integer features: dot products are exact in float32 and tie often
    queries = rng.integers(-2, 3, size=(40, 6)).astype(np.float64)
    perm = rng.permutation(40)
    targets = rng.integers(-2, 3, size=(40, 6)).astype(np.float64)
    out.append(retrieval_case('ties_40x40', queries, targets, [[int(perm[q])] for q in range(40)]))
    return out


def main(out_path):
    rng = np.random.default_rng(12)
    out = {'classification': classification_cases(rng), 'retrieval': retrieval_cases(rng)}
    with open(out_path, 'w') as f:
        json.dump(out, f, separators=(',', ':'))
        f.write('\n')


if __name__ == '__main__':
    main(sys.argv[1])
