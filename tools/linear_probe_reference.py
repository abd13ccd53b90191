"""Reference outputs for the linear probe's tests, from the Python implementations it must agree with.

  /usr/bin/python3 tools/linear_probe_reference.py   (Debian: numpy 1.24, scipy 1.10, scikit-learn 1.2)

Writes test/tasks/linear-probe/fixtures/reference.json (deterministic: seeded data, no timings):
- dcsrch: the trial steps MINPACK-2's dcsrch (scipy.optimize._minpack2, the line search L-BFGS-B calls) asks for
  on Moré and Thuente's test functions, and how each search ends;
- lbfgsb: scipy's L-BFGS-B on scikit-learn 1.2's multinomial loss for a small problem: every objective value it
  evaluated, its iteration and evaluation counts and its stop message, for three stopping rules;
- sklearn: LogisticRegression(solver='lbfgs', multi_class='multinomial') on small train/test features: weights,
  intercept, objective, iterations and test predictions.
"""
import json
import os

import numpy as np
from scipy import optimize
from scipy.optimize import _minpack2 as minpack2
from sklearn._loss.loss import HalfMultinomialLoss
from sklearn.linear_model import LogisticRegression
from sklearn.linear_model._linear_loss import LinearModelLoss

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "tasks", "linear-probe", "fixtures", "reference.json")

def mt3_base(a, beta=0.01):
    if a <= 1 - beta:
        return 1 - a, -1.0
    if a >= 1 + beta:
        return a - 1, 1.0
    return (a - 1) ** 2 / (2 * beta) + beta / 2, (a - 1) / beta


# Moré & Thuente (1994), functions 1-3 (value and derivative in the step), and a parabola.
FUNCTIONS = {
    "mt1": lambda a: (-a / (a * a + 2.0), (a * a - 2.0) / (a * a + 2.0) ** 2),
    "mt2": lambda a: ((a + 0.004) ** 5 - 2.0 * (a + 0.004) ** 4, 5.0 * (a + 0.004) ** 4 - 8.0 * (a + 0.004) ** 3),
    "mt3": lambda a: (mt3_base(a)[0] + 2 * 0.99 / (39 * np.pi) * np.sin(39 * np.pi / 2 * a), mt3_base(a)[1] + 0.99 * np.cos(39 * np.pi / 2 * a)),
    "quadratic": lambda a: ((a - 3.0) ** 2 - 9.0, 2.0 * (a - 3.0)),
}


def dcsrch_case(name, stp, ftol, gtol, xtol=0.1, stpmax=1e10, max_trials=30):
    fn = FUNCTIONS[name]
    f, g = fn(0.0)
    isave = np.zeros(2, np.intc)
    dsave = np.zeros(13, float)
    task = b"START"
    trials = []
    finit, ginit = float(f), float(g)
    for _ in range(max_trials):
        stp, f, g, task = minpack2.dcsrch(stp, f, g, ftol, gtol, xtol, task, 0.0, stpmax, isave, dsave)
        if task[:2] != b"FG":
            break
        trials.append(float(stp))
        f, g = fn(stp)
    return {
        "function": name, "ftol": ftol, "gtol": gtol, "xtol": xtol, "stpmax": stpmax,
        "finit": finit, "ginit": ginit, "trials": trials, "final": float(stp),
        "task": task.decode().strip().split(":")[0].split(" ")[0],
    }


def problem(seed, n, d, k, spread):
    rng = np.random.default_rng(seed)
    means = rng.normal(size=(k, d))
    y = rng.integers(0, k, n)
    # Four decimals keep the JSON small; float32 of the same decimal is the same number in numpy and JavaScript.
    x = np.round(means[y] + rng.normal(size=(n, d)) * spread, 4)
    return x, y


def lbfgsb_case(x, y, k, C, gtol, maxiter):
    loss = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=k), fit_intercept=True)
    evaluated = []

    def fun(w, *args):
        value, grad = loss.loss_gradient(w, *args)
        evaluated.append(float(value))
        return value, grad

    w0 = np.zeros((k, x.shape[1] + 1), order="F").ravel(order="F")
    args = (x.astype(np.float64), y.astype(np.float64), np.ones(len(y)), 1.0 / C, 1)
    res = optimize.minimize(fun, w0, method="L-BFGS-B", jac=True, args=args, options={"gtol": gtol, "maxiter": maxiter})
    return {"C": C, "gtol": gtol, "maxiter": maxiter, "nit": int(res.nit), "nfev": int(res.nfev), "message": str(res.message), "f": evaluated}


def objective(model, x, y, C):
    z = x.astype(np.float64) @ model.coef_.T + model.intercept_
    z -= z.max(axis=1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    return float(-logp[np.arange(len(y)), y].sum() + 0.5 / C * (model.coef_ ** 2).sum())


def main():
    dcsrch = [
        dcsrch_case(name, stp, ftol, gtol)
        for name in ("mt1", "mt2", "mt3", "quadratic")
        for stp in (1e-3, 1e-1, 1.0, 10.0, 1e3)
        for ftol, gtol in ((1e-3, 0.9), (1e-3, 0.1), (0.1, 1e-3))
    ]

    x, y = problem(3, 300, 8, 3, 1.5)
    x32 = x.astype(np.float32)
    lbfgsb = {
        "x": x.ravel().tolist(), "y": y.tolist(), "n": 300, "d": 8, "k": 3,
        "runs": [lbfgsb_case(x32, y, 3, C, gtol, maxiter) for C, gtol, maxiter in ((1.0, 1e-6, 1000), (0.05, 1e-4, 1000), (1.0, 1e-6, 5), (1.0, 20.0, 1000))],
    }

    x, y = problem(5, 360, 16, 4, 2.0)
    x32 = x.astype(np.float32)
    train_x, train_y, test_x, test_y = x32[:240], y[:240], x32[240:], y[240:]
    C = 0.5
    model = LogisticRegression(C=C, tol=1e-6, max_iter=1000, solver="lbfgs", multi_class="multinomial").fit(train_x, train_y)
    sklearn = {
        "C": C, "tol": 1e-6, "max_iter": 1000, "d": 16, "k": 4,
        "train_x": x[:240].ravel().tolist(), "train_y": train_y.tolist(),
        "test_x": x[240:].ravel().tolist(), "test_y": test_y.tolist(),
        "coef": model.coef_.ravel().tolist(), "intercept": model.intercept_.tolist(),
        "n_iter": int(model.n_iter_[0]), "objective": objective(model, train_x, train_y, C),
        "test_pred": model.predict(test_x).tolist(), "test_accuracy": float(model.score(test_x, test_y)),
    }

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump({"dcsrch": dcsrch, "lbfgsb": lbfgsb, "sklearn": sklearn}, f)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT)}: {len(dcsrch)} line searches, {len(lbfgsb['runs'])} L-BFGS-B runs, one scikit-learn fit")


if __name__ == "__main__":
    main()
