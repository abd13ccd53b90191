"""scikit-learn side of the linear-probe benchmark (run with /usr/bin/python3: Debian's python3-sklearn 1.2).

  /usr/bin/python3 bench/linear_probe_sklearn.py [--cases NAME,...] [--C 0.316] [--tol 1e-4] [--max-iter 1000]

For each case, writes seeded class-structured synthetic features to bench/.work/<case>/ (train_x.npy float32
[N,D], train_y.npy int64, test_x.npy, test_y.npy; the same files `clip-eval linear-probe --features` reads) unless
they are there already, fits LogisticRegression(solver='lbfgs', multi_class='multinomial') on them, and writes
sklearn.json beside them: fit seconds (wall and this process's CPU), iterations, final objective, train/test
accuracy, and the BLAS that ran (threadpoolctl: OpenBLAS's kernel, e.g. SkylakeX with OPENBLAS_CORETYPE=SkylakeX,
else whatever it falls back to on this CPU). bench/linear-probe.mjs reads those and prints the ratios.
"""
import argparse
import json
import os
import time

import numpy as np
from sklearn.linear_model import LogisticRegression
from threadpoolctl import threadpool_info

CASES = {
    # name: (n_train, n_test, dims, classes, class separation[, L2-normalised rows]): separations tuned for
    # 80-90% test accuracy; the normalised case is shaped like CLIP embeddings (unit rows, about 30 iterations).
    "8k-256-50": (8_000, 2_000, 256, 50, 0.3, True),
    "10k-512-10": (10_000, 2_000, 512, 10, 0.15),
    "10k-512-100": (10_000, 2_000, 512, 100, 0.2),
    "50k-768-100": (50_000, 10_000, 768, 100, 0.15),
}
WORK = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".work")


def make_features(n_train, n_test, dims, classes, separation, normalise=False, *, seed):
    """Gaussian classes around random means, with an anisotropic spectrum and a shared low-rank nuisance
    component (like real embeddings: a few dominant directions), scaled so that a linear probe reaches a
    test accuracy well below 100% and C matters."""
    rng = np.random.default_rng(seed)
    spectrum = 1.0 / np.sqrt(1.0 + np.arange(dims) / 32.0)
    means = rng.normal(size=(classes, dims)) * spectrum * separation
    nuisance = rng.normal(size=(16, dims)) * spectrum

    def draw(n):
        y = rng.integers(0, classes, size=n)
        x = means[y] + rng.normal(size=(n, dims)) * spectrum + rng.normal(size=(n, 16)) @ nuisance * 0.5
        if normalise:
            x /= np.linalg.norm(x, axis=1, keepdims=True)
        return x.astype(np.float32), y.astype(np.int64)

    train_x, train_y = draw(n_train)
    test_x, test_y = draw(n_test)
    return train_x, train_y, test_x, test_y


def objective(model, x, y, C):
    """sklearn 1.2's lbfgs objective: summed multinomial log-loss + ||W||^2 / (2C), intercept unpenalised."""
    z = x.astype(np.float64) @ model.coef_.T + model.intercept_
    z -= z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(y)), y].sum() + 0.5 / C * (model.coef_ ** 2).sum())


def ensure_case(name):
    folder = os.path.join(WORK, name)
    files = [os.path.join(folder, f"{s}.npy") for s in ("train_x", "train_y", "test_x", "test_y")]
    if not all(os.path.exists(f) for f in files):
        os.makedirs(folder, exist_ok=True)
        for path, array in zip(files, make_features(*CASES[name], seed=list(CASES).index(name))):
            np.save(path, array)
    return folder, [np.load(f) for f in files]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--C", type=float, default=0.316)
    parser.add_argument("--tol", type=float, default=1e-4)
    parser.add_argument("--max-iter", type=int, default=1000)
    args = parser.parse_args()
    for name in args.cases.split(","):
        folder, (train_x, train_y, test_x, test_y) = ensure_case(name)
        model = LogisticRegression(C=args.C, tol=args.tol, max_iter=args.max_iter, solver="lbfgs", multi_class="multinomial")
        start = time.perf_counter()
        cpu_start = time.process_time()
        model.fit(train_x, train_y)
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
        result = {
            "case": name,
            "C": args.C,
            "tol": args.tol,
            "max_iter": args.max_iter,
            "seconds": seconds,
            "cpu_seconds": cpu_seconds,
            "blas": [{k: lib.get(k) for k in ("internal_api", "version", "architecture", "num_threads")} for lib in threadpool_info() if lib.get("user_api") == "blas"],
            "iterations": int(model.n_iter_[0]),
            "objective": objective(model, train_x, train_y, args.C),
            "train_accuracy": float(model.score(train_x, train_y)),
            "test_accuracy": float(model.score(test_x, test_y)),
        }
        with open(os.path.join(folder, "sklearn.json"), "w") as f:
            json.dump(result, f, indent=2)
        print(json.dumps(result))


if __name__ == "__main__":
    main()
