"""scikit-learn's time for the seed sweep, to set beside `npx radsweep run examples/seed-protocol.yaml` (issue 15).

The sweep is tied-sweep.py's (the protocol of ../shared/specs/seed-protocol.md: stratified 80/20 split, GridSearchCV over
an imbalanced-learn Pipeline of median imputation, z-score, Welch t-test, LassoCV(cv=10), SMOTE(k=5) and the model,
15 models and 68 configurations, stratified 5-fold CV, ROC AUC, refit) with the fitted steps cached per fold
(imbalanced-learn Pipeline `memory`, a fresh cache folder per run, as ../shared/reference/timings.md's cached rows) and
n_jobs=2, one feature set per process, as timings.md measured it. No results are written: this script only times.

How to run (Debian bookworm's python3-sklearn 1.2.1 and python3-imblearn 0.10.0, `apt-get install python3-sklearn
python3-imblearn`), from the repository root, one process per feature set:
    OPENBLAS_NUM_THREADS=1 /usr/bin/time -v /usr/bin/python3 scripts/reference/seed-sweep-timing.py radiomics
    OPENBLAS_NUM_THREADS=1 /usr/bin/time -v /usr/bin/python3 scripts/reference/seed-sweep-timing.py radiomics_clinical
Default data: examples/data/crlm-synthetic-radsweep.csv (what the quick start runs on); `--csv PATH` for another file
with the same header (e.g. ../shared/data/crlm-synthetic.csv, timings.md's data).
"""
import csv
import os
import sys
import tempfile
import time
import warnings

import numpy as np
from imblearn.pipeline import Pipeline
from sklearn.base import clone
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GridSearchCV, StratifiedKFold, train_test_split

# tied-sweep.py's name is not importable; a link named tied_sweep.py in a folder on PYTHONPATH lets this process and
# joblib's worker processes (which unpickle its selector classes) import it by name.
_link_dir = tempfile.mkdtemp(prefix="seed-sweep-timing-")
os.symlink(os.path.abspath(os.path.join(os.path.dirname(__file__), "tied-sweep.py")), os.path.join(_link_dir, "tied_sweep.py"))
sys.path.insert(0, _link_dir)
os.environ["PYTHONPATH"] = os.pathsep.join([_link_dir] + [p for p in [os.environ.get("PYTHONPATH")] if p])
import tied_sweep as tied  # noqa: E402


RADIOMICS_PREFIXES = ("original_", "wavelet-", "log-sigma-")
CLINICAL = ["age", "body_mass_index", "max_tumor_size", "chemo_before_liver_resection"]


def feature_columns(header, feature_set):
    radiomics = [h for h in header if h.startswith(RADIOMICS_PREFIXES)]
    if feature_set == "radiomics":
        return radiomics
    if feature_set == "radiomics_clinical":
        # examples/seed-protocol.yaml's include order: the radiomics patterns, then the four clinical columns
        return radiomics + CLINICAL
    raise SystemExit(f"unknown feature set {feature_set!r} (radiomics, radiomics_clinical)")


def main():
    args = sys.argv[1:]
    path = "examples/data/crlm-synthetic-radsweep.csv"
    if "--csv" in args:
        path = args[args.index("--csv") + 1]
    feature_set = next((a for a in args if not a.startswith("--") and a != path), "radiomics")
    rows = list(csv.DictReader(open(path)))
    features = feature_columns(list(rows[0].keys()), feature_set)
    x = np.array([[float(r[f]) if r[f] != "" else np.nan for f in features] for r in rows])
    y = np.array([int(r["label"]) for r in rows])
    started = time.perf_counter()
    train, _ = train_test_split(np.arange(len(rows)), test_size=0.2, stratify=y, random_state=tied.SEED)
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=tied.SEED)
    with tempfile.TemporaryDirectory() as cache:
        for name, estimator, grid in tied.MODELS:
            search = GridSearchCV(Pipeline(tied.chain() + [("model", clone(estimator))], memory=cache), tied.prefixed(grid),
                                  scoring="roc_auc", cv=cv, refit=True, error_score="raise", n_jobs=2)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                search.fit(x[train], y[train])
            print(f"  {feature_set} {name}: best {tied.unprefixed(search.best_params_)} cv {search.best_score_:.6f}", flush=True)
    print(f"{feature_set}: {len(features)} columns, wall {time.perf_counter() - started:.1f} s", flush=True)


if __name__ == "__main__":
    main()
