# Reference probabilities of scikit-learn 1.2's AdaBoostClassifier(algorithm='SAMME.R') for
# tests/classifiers/adaboost-samme-r.test.ts. SAMME.R was removed in scikit-learn 1.6, so this
# is a line-by-line numpy transcription of 1.2's sklearn/ensemble/_weight_boosting.py
# (BaseWeightBoosting.fit, AdaBoostClassifier._boost_real, _samme_proba, decision_function,
# _compute_proba_from_decision) around the installed DecisionTreeClassifier(max_depth=1) stumps,
# seeded per stage as 1.2's _make_estimator/_set_random_states do. Data: the `*-plain.json`
# protocol (median imputation + population z-score fitted on the training rows, sequential sums as
# tests/support/shared.ts plainFixture, so the matrices are bit-identical).
# train_probability (the training rows) pins the fit itself: stumps that split the training rows
# identically (exact ties between features) give the same values there, whichever feature wins.
# Harness check: the installed AdaBoostClassifier must hand out the same per-stage seeds; the script
# asserts that before writing anything.
# First made around scikit-learn 1.9.1's stumps; remade 2026-12-04 around Debian bookworm's scikit-learn
# 1.2.1 (its own stumps) after adding 1.2's weight clip (np.clip(w, eps) before every round), which the
# first transcription left out (it changed crlm seed 3's stage 12; real 1.2.1 AdaBoostClassifier(SAMME.R)
# gives these probabilities to 1e-15 except crlm seed 3's test rows, where stage 39 is an exact tie).
# Run: /usr/bin/python3 scripts/reference/adaboost-samme-r.py > tests/fixtures/adaboost-samme-r.json
import csv, json, math, sys
import numpy as np
import sklearn
from scipy.special import xlogy
from sklearn.ensemble import AdaBoostClassifier
from sklearn.tree import DecisionTreeClassifier
from sklearn.utils.extmath import softmax

SHARED = "/work/shared"


def plain_fixture(dataset):
    ref_file = "wdbc-plain.json" if dataset == "wdbc" else "crlm-synthetic-original-plain.json"
    csv_file = "wdbc.csv" if dataset == "wdbc" else "crlm-synthetic.csv"
    test_ids = json.load(open(f"{SHARED}/reference/{ref_file}"))["test_ids"]
    with open(f"{SHARED}/data/{csv_file}") as fh:
        rows = list(csv.reader(fh))
    header, body = rows[0], rows[1:]
    cols = {h: [float(r[j]) if r[j] != "" else math.nan for r in body] for j, h in enumerate(header)}
    features = [h for h in header if h not in ("id", "label") and (dataset == "wdbc" or h.startswith("original_"))]
    ids = [int(v) for v in cols["id"]]
    test_set = set(test_ids)
    row_of = {i: k for k, i in enumerate(ids)}
    train_rows = [k for k, i in enumerate(ids) if i not in test_set]
    test_rows = [row_of[i] for i in test_ids]
    x_train = np.empty((len(train_rows), len(features)))
    x_test = np.empty((len(test_rows), len(features)))
    for j, f in enumerate(features):
        col = cols[f]
        train = sorted(col[r] for r in train_rows if not math.isnan(col[r]))
        m = len(train)
        median = 0.0 if m == 0 else train[(m - 1) // 2] if m % 2 else (train[m // 2 - 1] + train[m // 2]) / 2
        filled = lambda r: median if math.isnan(col[r]) else col[r]
        mean = 0.0
        for r in train_rows:
            mean += filled(r)
        mean /= len(train_rows)
        ss = 0.0
        for r in train_rows:
            ss += (filled(r) - mean) ** 2
        sd = math.sqrt(ss / len(train_rows))
        if not sd > 0:
            sd = 1.0
        x_train[:, j] = [(filled(r) - mean) / sd for r in train_rows]
        x_test[:, j] = [(filled(r) - mean) / sd for r in test_rows]
    label = cols["label"]
    y_train = np.array([int(label[r]) for r in train_rows])
    y_test = np.array([int(label[r]) for r in test_rows])
    return x_train, y_train, x_test, y_test, test_ids


def stump(random_state):
    # 1.2 _make_estimator -> _set_random_states: one randint(int32 max) per random_state param.
    return DecisionTreeClassifier(max_depth=1, random_state=random_state.randint(np.iinfo(np.int32).max))


def samme_r_fit(X, y, n_estimators, learning_rate, seed):
    """BaseWeightBoosting.fit + AdaBoostClassifier._boost_real of scikit-learn 1.2."""
    sample_weight = np.ones(X.shape[0], dtype=np.float64)
    sample_weight /= sample_weight.sum()
    estimators = []
    estimator_weights = np.zeros(n_estimators, dtype=np.float64)
    random_state = np.random.RandomState(seed)
    classes = n_classes = None
    stop = "n_estimators"
    epsilon = np.finfo(sample_weight.dtype).eps
    zero_weight_mask = sample_weight == 0.0
    for iboost in range(n_estimators):
        # avoid extremely small sample weight (1.2's fit, scikit-learn #20320)
        sample_weight = np.clip(sample_weight, a_min=epsilon, a_max=None)
        sample_weight[zero_weight_mask] = 0.0
        # _boost_real
        estimator = stump(random_state)
        estimators.append(estimator)
        estimator.fit(X, y, sample_weight=sample_weight)
        y_predict_proba = estimator.predict_proba(X)
        if iboost == 0:
            classes = estimator.classes_
            n_classes = len(classes)
        y_predict = classes.take(np.argmax(y_predict_proba, axis=1), axis=0)
        incorrect = y_predict != y
        estimator_error = np.mean(np.average(incorrect, weights=sample_weight, axis=0))
        if estimator_error <= 0:
            new_weight, estimator_weight_m, estimator_error = sample_weight, 1.0, 0.0
        else:
            y_codes = np.array([-1.0 / (n_classes - 1), 1.0])
            y_coding = y_codes.take(classes == y[:, np.newaxis])
            proba = y_predict_proba
            np.clip(proba, np.finfo(proba.dtype).eps, None, out=proba)
            estimator_weight = -1.0 * learning_rate * ((n_classes - 1.0) / n_classes) * xlogy(y_coding, y_predict_proba).sum(axis=1)
            if not iboost == n_estimators - 1:
                sample_weight *= np.exp(estimator_weight * ((sample_weight > 0) | (estimator_weight < 0)))
            new_weight, estimator_weight_m = sample_weight, 1.0
        # back in BaseWeightBoosting.fit
        sample_weight = new_weight
        estimator_weights[iboost] = estimator_weight_m
        if estimator_error == 0:
            stop = "zero error"
            break
        sample_weight_sum = np.sum(sample_weight)
        if not np.isfinite(sample_weight_sum):
            stop = "weights not finite"
            break
        if sample_weight_sum <= 0:
            stop = "weights sum <= 0"
            break
        if iboost < n_estimators - 1:
            sample_weight /= sample_weight_sum
    return estimators, estimator_weights, n_classes, stop


def samme_proba(estimator, n_classes, X):
    proba = estimator.predict_proba(X)
    np.clip(proba, np.finfo(proba.dtype).eps, None, out=proba)
    log_proba = np.log(proba)
    return (n_classes - 1) * (log_proba - (1.0 / n_classes) * log_proba.sum(axis=1)[:, np.newaxis])


def samme_r_proba(estimators, estimator_weights, n_classes, X):
    """decision_function (SAMME.R branch) + _compute_proba_from_decision of scikit-learn 1.2."""
    pred = sum(samme_proba(e, n_classes, X) for e in estimators)
    pred /= estimator_weights.sum()
    pred[:, 0] *= -1
    decision = pred.sum(axis=1)
    decision = np.vstack([-decision, decision]).T / 2
    return softmax(decision, copy=False)[:, 1], decision[:, 1] * 2


def harness_check(X, y, n_estimators, learning_rate, seed):
    """1.9.1's AdaBoost (SAMME) grows its stumps with the seeds our loop hands out."""
    ada = AdaBoostClassifier(estimator=DecisionTreeClassifier(max_depth=1, random_state=42), n_estimators=n_estimators,
                             learning_rate=learning_rate, random_state=seed).fit(X, y)
    rs = np.random.RandomState(seed)
    for e in ada.estimators_:
        assert e.random_state == rs.randint(np.iinfo(np.int32).max), "per-stage seeds differ"
    return len(ada.estimators_)


CASES = [
    ("wdbc", 50, 1.0, 42),
    ("wdbc", 100, 0.5, 42),
    ("wdbc", 30, 1.5, 7),
    ("crlm", 100, 0.5, 42),
    ("crlm", 50, 1.0, 3),
]

out = {"sklearn": sklearn.__version__, "numpy": np.__version__, "algorithm": "SAMME.R (scikit-learn 1.2 transcription)", "cases": []}
data = {}
for dataset, n_estimators, learning_rate, seed in CASES:
    if dataset not in data:
        data[dataset] = plain_fixture(dataset)
    x_train, y_train, x_test, y_test, test_ids = data[dataset]
    harness_check(x_train, y_train, n_estimators, learning_rate, seed)
    estimators, weights, n_classes, stop = samme_r_fit(x_train, y_train, n_estimators, learning_rate, seed)
    p, decision = samme_r_proba(estimators, weights, n_classes, x_test)
    out["cases"].append({
        "dataset": dataset, "params": {"n_estimators": n_estimators, "learning_rate": learning_rate, "algorithm": "SAMME.R"},
        "seed": seed, "n_stumps": len(estimators), "stop": stop,
        "stump_features": [int(e.tree_.feature[0]) for e in estimators],
        "stump_thresholds": [float(e.tree_.threshold[0]) for e in estimators],
        "train_probability": [float(v) for v in samme_r_proba(estimators, weights, n_classes, x_train)[0]],
        "test_ids": test_ids, "probability": [float(v) for v in p], "decision": [float(v) for v in decision],
    })
    print(f"{dataset} n={n_estimators} lr={learning_rate} seed={seed}: {len(estimators)} stumps ({stop})", file=sys.stderr)
print(json.dumps(out))
