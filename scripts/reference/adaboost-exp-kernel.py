"""AdaBoost SAMME.R on the tied cohort's low15 plain configuration, scikit-learn 1.2.1 with numpy's AVX-512 kernels off.

Evidence for adaboost's declared exception on wdbc-tied-plain-low15 (libs/classifiers/src/ensemble/adaboost.ts): the
reference (scripts/reference/tied-plain.py) was made on a CPU with AVX-512F, where numpy 1.24's np.exp is its own SIMD
routine; scikit-learn 1.2's _boost_real multiplies the sample weights by np.exp, so the weights round differently from
a CPU without AVX-512F, where np.exp is glibc's. This script reruns the same fit with NPY_DISABLE_CPU_FEATURES (numpy
then takes the glibc path on any CPU) and writes tests/fixtures/tied/wdbc-tied-plain-low15-adaboost-glibc-exp.json in
the models[] entry format of wdbc-tied-plain-low15.json. Run from the repository root with Debian bookworm's
python3-sklearn (`/usr/bin/python3 scripts/reference/adaboost-exp-kernel.py`), after tied-cohort.py.
"""
import os

os.environ["NPY_DISABLE_CPU_FEATURES"] = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL"
import json  # noqa: E402
import math  # noqa: E402

import numpy as np  # noqa: E402
from numpy.core._multiarray_umath import __cpu_features__  # noqa: E402
from sklearn.ensemble import AdaBoostClassifier  # noqa: E402
from sklearn.metrics import roc_auc_score  # noqa: E402
from sklearn.tree import DecisionTreeClassifier  # noqa: E402

assert not __cpu_features__["AVX512F"], "numpy still dispatches to AVX-512F"
probe = np.linspace(-3, 3, 10001)
assert all(e == math.exp(v) for e, v in zip(np.exp(probe), probe)), "np.exp is not glibc's exp"

# plain_matrices and the split from tied-plain.py, without running its fits
src = open("scripts/reference/tied-plain.py").read()
env = {}
exec(src[: src.index("MODELS = [")], env)
features = env["feature_sets"]["low15"]
xtr, xte = env["plain_matrices"](features)
ytr, yte = env["y_all"][env["train_rows"]], env["y_all"][env["test_rows"]]
est = AdaBoostClassifier(DecisionTreeClassifier(max_depth=1, random_state=42), n_estimators=50, learning_rate=1.0, algorithm="SAMME.R", random_state=42).fit(xtr, ytr)
p = est.predict_proba(xte)[:, 1]
test_ids = env["test_ids"]
out = {
    "model": "adaboost", "params": {"n_estimators": 50, "learning_rate": 1.0, "algorithm": "SAMME.R"}, "deterministic": False,
    "numpy_exp": "glibc (NPY_DISABLE_CPU_FEATURES)", "feature_set": "low15", "x_train_sum": env["running_sum"](xtr),
    "stumps": [[int(e.tree_.feature[0]), float(e.tree_.threshold[0])] for e in est.estimators_],
    "test_auc": float(roc_auc_score(yte, p)),
    "predictions": [{"id": int(test_ids[i]), "label": int(yte[i]), "probability": float(p[i])} for i in range(len(p))],
}
with open("tests/fixtures/tied/wdbc-tied-plain-low15-adaboost-glibc-exp.json", "w") as f:
    json.dump(out, f, indent=1)
    f.write("\n")
print("round 22 stump:", out["stumps"][21], "test AUC", out["test_auc"])
