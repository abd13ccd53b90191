"""The paper's C search with scikit-learn's own fits (run by bench/linear-probe.mjs --sklearn-sweep under Debian's
/usr/bin/python3): the same coarse-to-fine order as src/tasks/linear-probe/sweep.ts over the grid it is given, on
the same train/validation split (row indices written by the bench), each LogisticRegression(C, solver='lbfgs')
warm-started from the nearest fitted C (ties to the best so far; clip-eval starts between its two fitted
neighbours instead), then refitted on all of train from the chosen C's fit. Prints one JSON line: the chosen C, its validation and test accuracies, and every trial.

  /usr/bin/python3 bench/linear_probe_sklearn_sweep.py --case NAME --split SPLIT.json --grid=-6,6,8,16 [--tol 1e-4] [--max-iter 1000]
"""
import argparse
import json
import os
import warnings

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression

WORK = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".work")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--case", required=True)
    parser.add_argument("--split", required=True)
    parser.add_argument("--grid", required=True, help="minLog10C,maxLog10C,stepsPerDecade,coarseSteps")
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--max-iter", type=int, default=1000)
    args = parser.parse_args()
    # Fits that run out of iterations are kept, as clip-eval's sweep keeps them.
    warnings.filterwarnings("ignore", category=ConvergenceWarning)
    folder = os.path.join(WORK, args.case)
    x, y, x_test, y_test = (np.load(os.path.join(folder, f"{s}.npy")) for s in ("train_x", "train_y", "test_x", "test_y"))
    with open(args.split) as f:
        split = json.load(f)
    part, held = np.array(split["train"]), np.array(split["validation"])
    lo, hi, per_decade, coarse = (float(v) for v in args.grid.split(","))
    last = round((hi - lo) * per_decade)
    value = lambda i: 10 ** (lo + i / per_decade)

    def fit(C, start, rows):
        model = LogisticRegression(C=C, solver="lbfgs", tol=args.tol, max_iter=args.max_iter, warm_start=True)
        if start is not None:
            model.coef_, model.intercept_ = start.coef_.copy(), start.intercept_.copy()
        return model.fit(x[rows], y[rows])

    fitted = {}
    trials = []

    def nearest(index, prefer):
        best = None
        for i in fitted:
            current = float("inf") if best is None else abs(best - index)
            if abs(i - index) < current or (abs(i - index) == current and i == prefer):
                best = i
        return best

    def try_index(index, prefer):
        if index < 0 or index > last or index in fitted:
            return
        start = nearest(index, prefer)
        model = fit(value(index), fitted[start][0] if start is not None else None, part)
        score = float((model.predict(x[held]) == y[held]).mean())
        fitted[index] = (model, score)
        trials.append({"C": value(index), "validation_accuracy": score, "iterations": int(model.n_iter_[0])})

    def best_index():
        best = -1
        for i, (_, score) in fitted.items():
            if best < 0 or score > fitted[best][1] or (score == fitted[best][1] and i < best):
                best = i
        return best

    for i in range(0, last + 1, int(coarse)):
        try_index(i, None)
    step = int(coarse) // 2
    while step >= 1:
        peak = best_index()
        try_index(peak - step, peak)
        try_index(peak + step, peak)
        step //= 2
    chosen = best_index()
    final = fit(value(chosen), fitted[chosen][0], np.arange(len(y)))
    print(json.dumps({"C": value(chosen), "validation_accuracy": fitted[chosen][1], "test_accuracy": float((final.predict(x_test) == y_test).mean()), "trials": trials}))


if __name__ == "__main__":
    main()
