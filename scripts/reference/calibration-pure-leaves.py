"""Test predictions of decision trees with and without pure leaves on WDBC, for the calibration rule at p = 0 or 1.

Run with Debian bookworm's python3-sklearn 1.2.1 (`/usr/bin/python3 scripts/reference/calibration-pure-leaves.py`)
from the repository root; writes tests/fixtures/calibration/tree-predictions.csv. The split and preprocessing are
those of ../shared/reference/wdbc-plain.json (its test ids; median imputation and z-score, population sd, fitted on
the training rows). scripts/reference/calibration-glm.R then fits R's glm on these predictions.
"""
import csv
import json

import numpy as np
import sklearn
from sklearn.tree import DecisionTreeClassifier

ref = json.load(open("../shared/reference/wdbc-plain.json"))
rows = list(csv.DictReader(open("../shared/data/wdbc.csv")))
features = [h for h in rows[0].keys() if h not in ("id", "label")]
ids = np.array([int(r["id"]) for r in rows])
y = np.array([int(r["label"]) for r in rows])
x = np.array([[float(r[f]) if r[f] != "" else np.nan for f in features] for r in rows])
test_ids = ref["test_ids"]
row_of = {int(i): k for k, i in enumerate(ids)}
test_rows = [row_of[i] for i in test_ids]
train_rows = [k for k in range(len(ids)) if int(ids[k]) not in set(test_ids)]
med = np.nanmedian(x[train_rows], axis=0)
x = np.where(np.isnan(x), med, x)
mean = x[train_rows].mean(axis=0)
sd = x[train_rows].std(axis=0)
sd[~(sd > 0)] = 1
z = (x - mean) / sd

# name -> parameters: a fully grown tree (every leaf pure: p is 0 or 1), a depth-3 tree (some leaves pure),
# and a tree whose leaves hold at least 100 patients (impure leaves here: every p strictly inside (0, 1)).
models = {
    "tree_full": dict(random_state=42),
    "tree_depth3": dict(max_depth=3, random_state=42),
    "tree_leaf100": dict(min_samples_leaf=100, random_state=42),
}
with open("tests/fixtures/calibration/tree-predictions.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["model", "params", "id", "label", "probability"])
    for name, params in models.items():
        m = DecisionTreeClassifier(**params).fit(z[train_rows], y[train_rows])
        p = m.predict_proba(z[test_rows])[:, 1]
        for i, r in enumerate(test_rows):
            w.writerow([name, ";".join(f"{k}={v}" for k, v in sorted(params.items())), int(ids[r]), int(y[r]), repr(float(p[i]))])
print("scikit-learn", sklearn.__version__)
