# Prints reference draws of numpy's legacy RandomState for tests/core/numpy-random-state.test.ts.
# Run: python3 scripts/reference/numpy-random-state.py > tests/fixtures/numpy-random-state.json
import json, numpy as np
out = {"numpy": np.__version__, "cases": []}
for seed in (0, 1, 42, 123456789, 4294967295):
    rs = np.random.RandomState(seed)
    words = [int(x) for x in rs.randint(0, 2**32, size=5, dtype=np.uint64)]
    rs = np.random.RandomState(seed)
    uniform = [float(x) for x in rs.uniform(size=5)]
    rs = np.random.RandomState(seed)
    randint = {str(h): [int(x) for x in rs.randint(0, h, size=20)] for h in (1, 2, 7, 145, 1000, 65537)}
    rs = np.random.RandomState(seed)
    mixed_idx = [int(x) for x in rs.randint(low=0, high=145, size=131)]
    mixed_u = [float(x) for x in rs.uniform(size=131)]
    rs = np.random.RandomState(seed)
    perm = np.arange(40); rs.shuffle(perm)
    out["cases"].append({"seed": seed, "words": words, "uniform": uniform, "randint": randint,
                         "smote_like": {"high": 145, "n": 131, "idx": mixed_idx, "u": mixed_u},
                         "shuffle40": [int(x) for x in perm]})
print(json.dumps(out))
