# Replays imbalanced-learn 0.10's SMOTE, ADASYN, RandomOverSampler and RandomUnderSampler
# (random_state=42, defaults) with numpy only (imblearn is not installed here), on the wdbc
# training rows in ascending id order, features z-scored with training mean and population sd.
# The sampler code paths are transcribed from imblearn 0.10 (_smote/base.py, _adasyn.py,
# _random_over_sampler.py, _random_under_sampler.py); neighbours by exact distance, ties by index.
# Run: python3 scripts/reference/imblearn-samplers.py > tests/fixtures/imblearn-samplers.json
import json, numpy as np

data = np.genfromtxt('../shared/data/wdbc.csv', delimiter=',', skip_header=1)
test_ids = set(int(l) for l in open('../shared/reference/wdbc-test-ids.txt') if l.strip())
train = data[[int(r[0]) not in test_ids for r in data]]
y = train[:, 1].astype(int)
X = train[:, 2:]
X = (X - X.mean(axis=0)) / X.std(axis=0)

def kneighbors(fit, query, k, self_in_fit):
    d = ((query[:, None, :] - fit[None, :, :]) ** 2).sum(axis=2)
    order = np.argsort(d, axis=1, kind='stable')
    return order[:, 1:k + 1] if self_in_fit else order[:, :k]

minority = 1
X_class = X[y == minority]
n_samples = int((y == 0).sum() - (y == 1).sum())

# SMOTE: _make_samples(X_class, ..., X_class, nns, n_samples, 1.0)
nns = kneighbors(X_class, X_class, 5, True)
rs = np.random.RandomState(42)
idx = rs.randint(low=0, high=nns.size, size=n_samples)
steps = 1.0 * rs.uniform(size=n_samples)[:, np.newaxis]
rows, cols = np.floor_divide(idx, nns.shape[1]), np.mod(idx, nns.shape[1])
smote = X_class[rows] + steps * (X_class[nns[rows, cols]] - X_class[rows])

# ADASYN
rs = np.random.RandomState(42)
nn_all = kneighbors(X, X_class, 5, True)
ratio = np.sum(y[nn_all] != minority, axis=1) / 5
ratio /= np.sum(ratio)
gen = np.rint(ratio * n_samples).astype(int)
nns = kneighbors(X_class, X_class, 5, True)
rows = np.repeat(np.arange(len(X_class)), gen)
cols = rs.choice(5, size=int(gen.sum()))
diffs = X_class[nns[rows, cols]] - X_class[rows]
adasyn = X_class[rows] + rs.uniform(size=(int(gen.sum()), 1)) * diffs

# RandomOverSampler: choice(minority indices, n_samples, replace=True)
rs = np.random.RandomState(42)
over = rs.choice(np.flatnonzero(y == minority), size=n_samples, replace=True)

# RandomUnderSampler: per class in np.unique order, majority via choice(range(n), n_min, replace=False)
rs = np.random.RandomState(42)
under = np.concatenate([np.flatnonzero(y == 0)[rs.choice(range(int((y == 0).sum())), size=int((y == 1).sum()), replace=False)], np.flatnonzero(y == 1)])

print(json.dumps({
    'numpy': np.__version__, 'n_train': int(len(y)), 'n_minority': int((y == 1).sum()), 'n_majority': int((y == 0).sum()),
    'smote': smote.tolist(), 'adasyn_per_row': gen.tolist(), 'adasyn': adasyn.tolist(),
    'random_over_rows': over.tolist(), 'random_under_rows': under.tolist(),
}))
