"""A WDBC-derived cohort with heavy ties and exact collinearity, for scikit-learn parity (issue 14 item 8).

Deterministic: reads ../shared/data/wdbc.csv and draws with numpy.random.RandomState(14). Writes
tests/fixtures/tied/wdbc-tied.csv (run from the repository root with /usr/bin/python3, numpy 1.24):
- the 30 WDBC features rounded to 1 decimal (heavy ties; a few columns become constant, e.g. smoothness);
- `smoker` (binary, P = 0.3, random) and `node_positive` (binary: worst_radius above its median);
- `grade` (ordinal 1..3, random, P = 0.3 / 0.5 / 0.2) and `stage` (ordinal 0..4: quintile of mean_area);
- `site_a`, `site_b`, `site_c`: one-hot dummies of a 3-level factor (random), summing to one in every row
  (exactly collinear with the intercept, so LDA/QDA/logistic designs are rank-deficient).
id and label as in wdbc.csv; row order unchanged, so wdbc-plain.json's test ids apply.
"""
import csv

import numpy as np

rows = list(csv.DictReader(open("../shared/data/wdbc.csv")))
features = [h for h in rows[0].keys() if h not in ("id", "label")]
rng = np.random.RandomState(14)
n = len(rows)
x = np.array([[float(r[f]) for f in features] for r in rows])
smoker = (rng.uniform(size=n) < 0.3).astype(int)
grade = 1 + np.searchsorted([0.3, 0.8], rng.uniform(size=n), side="right")
site = rng.randint(0, 3, size=n)
worst_radius = x[:, features.index("worst_radius")]
node_positive = (worst_radius > np.median(worst_radius)).astype(int)
area = x[:, features.index("mean_area")]
stage = np.searchsorted(np.quantile(area, [0.2, 0.4, 0.6, 0.8]), area, side="right")

header = ["id", "label"] + features + ["smoker", "node_positive", "grade", "stage", "site_a", "site_b", "site_c"]
with open("tests/fixtures/tied/wdbc-tied.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(header)
    for i, r in enumerate(rows):
        rounded = [f"{v:.1f}" for v in np.round(x[i], 1)]
        w.writerow([r["id"], r["label"]] + rounded + [smoker[i], node_positive[i], grade[i], stage[i], int(site[i] == 0), int(site[i] == 1), int(site[i] == 2)])
