"""scikit-learn 1.2.1 references of the 15 models' plain configurations on the tied/collinear cohort.

Run from the repository root with Debian bookworm's python3-sklearn (`/usr/bin/python3 scripts/reference/tied-plain.py`)
after scripts/reference/tied-cohort.py. Writes tests/fixtures/tied/wdbc-tied-plain-<feature set>.json in the format
of ../shared/reference/wdbc-plain.json (plus `fit_method` for k-NN), for two feature sets:
- `all`: all 37 columns (k-NN: more than 15 features, so algorithm='auto' is brute force);
- `clinical`: the 7 binary/ordinal/one-hot columns only (many identical rows: ties everywhere; KD-tree);
- `low15`: 8 rounded WDBC columns + the 7 clinical columns (15 features, so algorithm='auto' is a KD-tree).
Split: wdbc-plain.json's test ids. Preprocessing as tests/support/shared.ts plainFixture: median imputation and
z-score with population sd (sd 1 for a column constant up to the rounding of its mean, StandardScaler's rule) on the training rows, summed in row order exactly as the test does (not
StandardScaler, whose pairwise summation differs in the last bits), so both sides see bit-identical inputs;
`x_train_sum` (row-major running sum) lets the test check that. Estimators: the seed sweep's constructors.
"""
import csv
import functools
import json
import operator
import sys

import numpy as np
import sklearn
from sklearn.discriminant_analysis import LinearDiscriminantAnalysis, QuadraticDiscriminantAnalysis
from sklearn.ensemble import (AdaBoostClassifier, BaggingClassifier, ExtraTreesClassifier, GradientBoostingClassifier,
                              HistGradientBoostingClassifier, RandomForestClassifier)
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.naive_bayes import BernoulliNB, GaussianNB
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.svm import LinearSVC
from sklearn.tree import DecisionTreeClassifier

CSV = "tests/fixtures/tied/wdbc-tied.csv"
rows = list(csv.DictReader(open(CSV)))
all_features = [h for h in rows[0].keys() if h not in ("id", "label")]
clinical = ["smoker", "node_positive", "grade", "stage", "site_a", "site_b", "site_c"]
feature_sets = {
    "all": all_features,
    "clinical": clinical,
    "low15": ["mean_radius", "mean_texture", "mean_perimeter", "mean_area", "mean_concavity", "worst_radius", "worst_texture", "worst_concave_points"] + clinical,
}
test_ids = json.load(open("../shared/reference/wdbc-plain.json"))["test_ids"]
ids = [int(r["id"]) for r in rows]
y_all = np.array([int(r["label"]) for r in rows])
row_of = {i: k for k, i in enumerate(ids)}
test_rows = [row_of[i] for i in test_ids]
test_set = set(test_ids)
train_rows = [k for k in range(len(ids)) if ids[k] not in test_set]


def left_fold_sum(values):
    """((v0 + v1) + v2) + ...: the order of the test's loops (Python 3.12+'s sum() would compensate)."""
    return functools.reduce(operator.add, values, 0.0)


def plain_matrices(features):
    xtr = np.zeros((len(train_rows), len(features)))
    xte = np.zeros((len(test_rows), len(features)))
    n = len(train_rows)
    eps = float(np.finfo(np.float64).eps)
    for j, f in enumerate(features):
        col = [float(r[f]) if r[f] != "" else float("nan") for r in rows]
        known = sorted(col[r] for r in train_rows if col[r] == col[r])
        m = len(known)
        median = 0.0 if m == 0 else (known[(m - 1) // 2] if m % 2 else (known[m // 2 - 1] + known[m // 2]) / 2)
        filled = [median if v != v else v for v in col]
        mean = left_fold_sum(filled[r] for r in train_rows) / n
        variance = left_fold_sum((filled[r] - mean) ** 2 for r in train_rows) / n
        # StandardScaler's _is_constant_feature: constant up to the rounding of the mean -> sd 1
        sd = 1.0 if not variance > n * eps * variance + (n * mean * eps) ** 2 else variance ** 0.5
        xtr[:, j] = [(filled[r] - mean) / sd for r in train_rows]
        xte[:, j] = [(filled[r] - mean) / sd for r in test_rows]
    return xtr, xte


def running_sum(a):
    return left_fold_sum(float(v) for v in a.ravel())


MODELS = [
    ("logistic_regression", {"C": 1.0}, True, lambda: LogisticRegression(C=1.0, max_iter=1000, random_state=42)),
    ("lda", {"solver": "svd"}, True, lambda: LinearDiscriminantAnalysis(solver="svd")),
    ("qda", {"reg_param": 0.1}, True, lambda: QuadraticDiscriminantAnalysis(reg_param=0.1)),
    ("gaussian_nb", {"var_smoothing": 1e-09}, True, lambda: GaussianNB(var_smoothing=1e-9)),
    ("bernoulli_nb", {"alpha": 1.0, "binarize": 0.0}, True, lambda: BernoulliNB(alpha=1.0, binarize=0.0)),
    ("knn", {"n_neighbors": 5, "weights": "uniform"}, True, lambda: KNeighborsClassifier(n_neighbors=5, weights="uniform")),
    ("decision_tree", {"max_depth": 5, "min_samples_leaf": 1}, False, lambda: DecisionTreeClassifier(max_depth=5, min_samples_leaf=1, random_state=42)),
    ("random_forest", {"n_estimators": 100, "max_features": "sqrt"}, False, lambda: RandomForestClassifier(n_estimators=100, max_features="sqrt", random_state=42)),
    ("extra_trees", {"n_estimators": 100, "max_features": "sqrt"}, False, lambda: ExtraTreesClassifier(n_estimators=100, max_features="sqrt", random_state=42)),
    ("bagging", {"n_estimators": 10}, False, lambda: BaggingClassifier(DecisionTreeClassifier(random_state=42), n_estimators=10, random_state=42)),
    ("adaboost", {"n_estimators": 50, "learning_rate": 1.0, "algorithm": "SAMME.R"}, False, lambda: AdaBoostClassifier(DecisionTreeClassifier(max_depth=1, random_state=42), n_estimators=50, learning_rate=1.0, algorithm="SAMME.R", random_state=42)),
    ("gradient_boosting", {"n_estimators": 100, "learning_rate": 0.1, "max_depth": 3}, False, lambda: GradientBoostingClassifier(n_estimators=100, learning_rate=0.1, max_depth=3, random_state=42)),
    ("lightgbm", {"max_iter": 100, "learning_rate": 0.1, "max_leaf_nodes": 15}, False, lambda: HistGradientBoostingClassifier(max_iter=100, learning_rate=0.1, max_leaf_nodes=15, random_state=42)),
    ("calibrated_svm", {"C": 1.0, "method": "sigmoid"}, True, lambda: CalibratedClassifierCV(LinearSVC(C=1.0, max_iter=10000, random_state=42), cv=3, method="sigmoid")),
    ("mlp", {"hidden_layer_sizes": [32], "alpha": 0.0001}, False, lambda: MLPClassifier(hidden_layer_sizes=(32,), alpha=1e-4, max_iter=500, random_state=42)),
]


def auc(y, p):
    from sklearn.metrics import roc_auc_score
    return float(roc_auc_score(y, p))


for name, features in feature_sets.items():
    xtr, xte = plain_matrices(features)
    ytr, yte = y_all[train_rows], y_all[test_rows]
    out = {
        "dataset": "wdbc-tied.csv", "feature_set": name, "features": features,
        "steps": ["median imputation (train)", "z-score (train, population sd, row-order sums)"],
        "sklearn": sklearn.__version__, "numpy": np.__version__, "python": sys.version.split()[0],
        "x_train_sum": running_sum(xtr), "x_test_sum": running_sum(xte),
        "test_ids": test_ids, "models": [],
    }
    for model, params, deterministic, make in MODELS:
        est = make().fit(xtr, ytr)
        p = est.predict_proba(xte)[:, 1]
        entry = {"model": model, "params": params, "deterministic": deterministic, "estimator": repr(make()), "test_auc": auc(yte, p),
                 "predictions": [{"id": int(test_ids[i]), "label": int(yte[i]), "probability": float(p[i])} for i in range(len(p))]}
        if model == "knn":
            entry["fit_method"] = est._fit_method
        out["models"].append(entry)
    # k-NN at more k and both weightings: which of the rows tied at the k-th distance enter the vote
    out["knn_variants"] = []
    for k in (1, 2, 3, 4, 7, 10, 15, 25):
        for weights in ("uniform", "distance"):
            est = KNeighborsClassifier(n_neighbors=k, weights=weights).fit(xtr, ytr)
            p = est.predict_proba(xte)[:, 1]
            out["knn_variants"].append({"model": "knn", "params": {"n_neighbors": k, "weights": weights}, "deterministic": True,
                                        "fit_method": est._fit_method, "test_auc": auc(yte, p),
                                        "predictions": [{"id": int(test_ids[i]), "label": int(yte[i]), "probability": float(p[i])} for i in range(len(p))]})
    with open(f"tests/fixtures/tied/wdbc-tied-plain-{name}.json", "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(name, [(m["model"], round(m["test_auc"], 4)) for m in out["models"]])
