# Reference probabilities of scikit-learn 1.2's GradientBoostingClassifier for the options the reference sweeps
# leave at their defaults (subsample < 1, max_features, min_samples_leaf), for tests/classifiers/boosting.test.ts.
# scikit-learn 1.4 rewrote the booster's loss code and 1.9 maps criterion='friedman_mse' to 'squared_error'
# (another split score, so equal-looking splits round differently), so no installable version reproduces 1.2.
# This is a line-by-line numpy transcription of 1.2's sklearn/ensemble/_gb.py (_fit_stages, _fit_stage),
# _gradient_boosting.pyx (_random_sample_mask) and _gb_losses.py (BinomialDeviance: init, negative_gradient,
# _update_terminal_region) around scikit-learn 1.6.1's DecisionTreeRegressor(criterion='friedman_mse'), whose
# splitter and criterion replay 1.2's. Harness check: with 1.2's defaults it must reproduce the 1.2
# probabilities of ../shared/reference/*-plain.json exactly; the script asserts that before writing anything.
# Data: the `*-plain.json` protocol (plain_fixture, the same matrices as tests/support/shared.ts plainFixture).
# Run: python -m venv /tmp/sk16 && /tmp/sk16/bin/pip install scikit-learn==1.6.1
#      /tmp/sk16/bin/python scripts/reference/gradient-boosting-1-2.py > tests/fixtures/gradient-boosting-1-2.json
import importlib.util, json, os, sys
import numpy as np
import sklearn
from scipy.special import expit
from sklearn.tree import DecisionTreeRegressor

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = "/work/shared"
assert sklearn.__version__.startswith("1.6"), f"needs scikit-learn 1.6 (friedman_mse as 1.2 had it), got {sklearn.__version__}"


def load_plain_fixture():
    """plain_fixture from adaboost-samme-r.py, its only definition, without running that script's main part."""
    src = open(os.path.join(HERE, "adaboost-samme-r.py")).read()
    module = type(sys)("plain_fixture")
    module.__dict__.update({"np": np, "SHARED": SHARED})
    exec("import csv, json, math\n" + src[src.index("def plain_fixture"):src.index("\ndef ", src.index("def plain_fixture") + 1)], module.__dict__)
    return module.plain_fixture


def random_sample_mask(n, n_in_bag, random_state):
    rand = random_state.uniform(size=n)
    mask = np.zeros(n, dtype=bool)
    n_bagged = 0
    for i in range(n):
        if rand[i] * (n - i) < n_in_bag - n_bagged:
            mask[i] = True
            n_bagged += 1
    return mask


def fit_predict(X, y, X_test, n_estimators, learning_rate, max_depth, seed, subsample=1.0, max_features=None, min_samples_leaf=1):
    X = np.asarray(X, dtype=np.float32)
    n = len(y)
    random_state = np.random.RandomState(seed)
    eps = np.finfo(np.float32).eps
    p = np.clip(np.bincount(y, weights=np.ones(n))[1] / n, eps, 1 - eps)
    init = np.log(p / (1 - p))
    raw = np.full(n, init)
    sample_weight = np.ones(n)
    n_in_bag = max(1, int(subsample * n))
    trees = []
    for _ in range(n_estimators):
        mask = random_sample_mask(n, n_in_bag, random_state) if subsample < 1.0 else np.ones(n, dtype=bool)
        sw = sample_weight * mask.astype(np.float64)
        residual = y - expit(raw)
        tree = DecisionTreeRegressor(criterion="friedman_mse", splitter="best", max_depth=max_depth,
                                     max_features=max_features, min_samples_leaf=min_samples_leaf, random_state=random_state)
        tree.fit(X, residual, sample_weight=sw, check_input=False)
        leaves = tree.apply(X).copy()
        leaves[~mask] = -1
        for leaf in np.where(tree.tree_.children_left == -1)[0]:
            region = np.where(leaves == leaf)[0]
            r, yy, w = residual.take(region), y.take(region), sw.take(region)
            numerator = np.sum(w * r)
            denominator = np.sum(w * (yy - r) * (1 - yy + r))
            tree.tree_.value[leaf, 0, 0] = 0.0 if abs(denominator) < 1e-150 else numerator / denominator
        raw += learning_rate * tree.predict(X).ravel()
        trees.append(tree)
    raw_test = np.full(len(X_test), init)
    for tree in trees:
        raw_test += learning_rate * tree.predict(np.asarray(X_test, dtype=np.float32)).ravel()
    return expit(raw_test)


plain_fixture = load_plain_fixture()
REFERENCES = {"wdbc": "wdbc-plain.json", "crlm": "crlm-synthetic-original-plain.json"}
CASES = [
    ("wdbc", dict(n_estimators=50, learning_rate=0.1, max_depth=3, subsample=0.7)),
    ("wdbc", dict(n_estimators=50, learning_rate=0.1, max_depth=3, max_features="sqrt", min_samples_leaf=3)),
    ("crlm", dict(n_estimators=60, learning_rate=0.05, max_depth=2, subsample=0.5, max_features="log2")),
]
data = {d: plain_fixture(d) for d in REFERENCES}
for dataset, ref_file in REFERENCES.items():
    x_train, y_train, x_test, _, test_ids = data[dataset]
    ref = next(m for m in json.load(open(f"{SHARED}/reference/{ref_file}"))["models"] if m["model"] == "gradient_boosting")
    by_id = {r["id"]: r["probability"] for r in ref["predictions"]}
    ours = fit_predict(x_train, y_train, x_test, seed=42, **ref["params"])
    gap = np.abs(ours - np.array([by_id[i] for i in test_ids])).max()
    assert gap == 0.0, f"harness check failed on {dataset}: max |p - p_1.2| = {gap}"

out = {"sklearn_trees": sklearn.__version__, "numpy": np.__version__, "transcribes": "scikit-learn 1.2.1 GradientBoostingClassifier", "seed": 42, "cases": []}
for dataset, params in CASES:
    x_train, y_train, x_test, _, test_ids = data[dataset]
    p = fit_predict(x_train, y_train, x_test, seed=42, **params)
    out["cases"].append({"dataset": dataset, "params": params, "test_ids": list(test_ids), "probability": p.tolist()})
print(json.dumps(out))
