#!/usr/bin/env python3
"""ComBat reference values for RadSweep's `combat` step (tests/fixtures/combat-reference.json).

The functions below reproduce neuroCombat's algorithm (github.com/Jfortin1/neuroCombat,
neuroCombat/neuroCombat.py, MIT licence, Nick Cullen and J.-P. Fortin) line for line with numpy only:
make_design_matrix, standardize_across_features, aprior, bprior, postmean, postvar, it_sol,
fit_LS_model_and_find_priors, find_parametric_adjustments, find_non_eb_adjustments, adjust_data_final.
Left out: ref_batch and the non-parametric adjustments (RadSweep offers neither) and the pandas
input handling (covars is a numpy object array here; `dat` stays float64, as neuroCombat keeps a numpy
array; the continuous covariate is cast to float32 as neuroCombat does, so it holds integers here,
which float32 represents exactly).

Run: python3 scripts/reference/combat-reference.py > tests/fixtures/combat-reference.json
Needs numpy only (Debian python3-numpy).
"""
import copy
import json
import sys

import numpy as np
import numpy.linalg as la


def make_design_matrix(Y, batch_col, cat_cols, num_cols):
    def to_categorical(y, nb_classes=None):
        if not nb_classes:
            nb_classes = np.max(y) + 1
        out = np.zeros((len(y), nb_classes))
        for i in range(len(y)):
            out[i, y[i]] = 1.
        return out

    hstack_list = []
    batch = np.unique(Y[:, batch_col], return_inverse=True)[-1]
    hstack_list.append(to_categorical(batch, len(np.unique(batch))))
    for cat_col in cat_cols:
        cat = np.unique(np.array(Y[:, cat_col]), return_inverse=True)[1]
        hstack_list.append(to_categorical(cat, len(np.unique(cat)))[:, 1:])
    for num_col in num_cols:
        num = np.array(Y[:, num_col], dtype='float32')
        hstack_list.append(num.reshape(num.shape[0], 1))
    return np.hstack(hstack_list)


def standardize_across_features(X, design, info_dict):
    n_batch = info_dict['n_batch']
    n_sample = info_dict['n_sample']
    sample_per_batch = info_dict['sample_per_batch']

    def get_beta_with_nan(yy, mod):
        wh = np.isfinite(yy)
        mod = mod[wh, :]
        yy = yy[wh]
        return np.dot(np.dot(la.inv(np.dot(mod.T, mod)), mod.T), yy.T)

    B_hat = np.vstack([get_beta_with_nan(X[i, :], design) for i in range(X.shape[0])]).T
    grand_mean = np.dot((sample_per_batch / float(n_sample)).T, B_hat[:n_batch, :])
    stand_mean = np.dot(grand_mean.T.reshape((len(grand_mean), 1)), np.ones((1, n_sample)))
    var_pooled = np.dot(((X - np.dot(design, B_hat).T) ** 2), np.ones((n_sample, 1)) / float(n_sample))
    var_pooled[var_pooled == 0] = np.median(var_pooled != 0)
    tmp = copy.deepcopy(design)
    tmp[:, range(0, n_batch)] = 0
    mod_mean = np.transpose(np.dot(tmp, B_hat))
    s_data = ((X - stand_mean - mod_mean) / np.dot(np.sqrt(var_pooled), np.ones((1, n_sample))))
    return s_data, stand_mean, var_pooled, mod_mean, B_hat


def aprior(delta_hat):
    m = np.mean(delta_hat)
    s2 = np.var(delta_hat, ddof=1)
    return (2 * s2 + m ** 2) / float(s2)


def bprior(delta_hat):
    m = delta_hat.mean()
    s2 = np.var(delta_hat, ddof=1)
    return (m * s2 + m ** 3) / s2


def postmean(g_hat, g_bar, n, d_star, t2):
    return (t2 * n * g_hat + d_star * g_bar) / (t2 * n + d_star)


def postvar(sum2, n, a, b):
    return (0.5 * sum2 + b) / (n / 2.0 + a - 1.0)


def convert_zeroes(x):
    x[x == 0] = 1
    return x


def fit_LS_model_and_find_priors(s_data, design, info_dict, mean_only):
    n_batch = info_dict['n_batch']
    batch_info = info_dict['batch_info']
    batch_design = design[:, :n_batch]
    gamma_hat = np.dot(np.dot(la.inv(np.dot(batch_design.T, batch_design)), batch_design.T), s_data.T)
    delta_hat = []
    for i, batch_idxs in enumerate(batch_info):
        if mean_only:
            delta_hat.append(np.repeat(1, s_data.shape[0]))
        else:
            delta_hat.append(np.var(s_data[:, batch_idxs], axis=1, ddof=1))
    delta_hat = list(map(convert_zeroes, delta_hat))
    gamma_bar = np.mean(gamma_hat, axis=1)
    t2 = np.var(gamma_hat, axis=1, ddof=1)
    if mean_only:
        a_prior = None
        b_prior = None
    else:
        a_prior = list(map(aprior, delta_hat))
        b_prior = list(map(bprior, delta_hat))
    return {'gamma_hat': gamma_hat, 'delta_hat': delta_hat, 'gamma_bar': gamma_bar, 't2': t2, 'a_prior': a_prior, 'b_prior': b_prior}


def it_sol(sdat, g_hat, d_hat, g_bar, t2, a, b, conv=0.0001):
    n = (1 - np.isnan(sdat)).sum(axis=1)
    g_old = g_hat.copy()
    d_old = d_hat.copy()
    change = 1
    count = 0
    while change > conv:
        g_new = postmean(g_hat, g_bar, n, d_old, t2)
        sum2 = ((sdat - np.dot(g_new.reshape((g_new.shape[0], 1)), np.ones((1, sdat.shape[1])))) ** 2).sum(axis=1)
        d_new = postvar(sum2, n, a, b)
        change = max((abs(g_new - g_old) / g_old).max(), (abs(d_new - d_old) / d_old).max())
        g_old = g_new
        d_old = d_new
        count = count + 1
    return (g_new, d_new)


def find_parametric_adjustments(s_data, LS, info_dict, mean_only):
    gamma_star, delta_star = [], []
    for i, batch_idxs in enumerate(info_dict['batch_info']):
        if mean_only:
            gamma_star.append(postmean(LS['gamma_hat'][i], LS['gamma_bar'][i], 1, 1, LS['t2'][i]))
            delta_star.append(np.repeat(1, s_data.shape[0]))
        else:
            temp = it_sol(s_data[:, batch_idxs], LS['gamma_hat'][i], LS['delta_hat'][i], LS['gamma_bar'][i], LS['t2'][i], LS['a_prior'][i], LS['b_prior'][i])
            gamma_star.append(temp[0])
            delta_star.append(temp[1])
    return np.array(gamma_star), np.array(delta_star)


def find_non_eb_adjustments(s_data, LS, info_dict):
    return np.array(LS['gamma_hat']), np.array(LS['delta_hat'])


def adjust_data_final(s_data, design, gamma_star, delta_star, stand_mean, mod_mean, var_pooled, info_dict):
    sample_per_batch = info_dict['sample_per_batch']
    n_batch = info_dict['n_batch']
    n_sample = info_dict['n_sample']
    batch_design = design[:, :n_batch]
    bayesdata = s_data
    for j, batch_idxs in enumerate(info_dict['batch_info']):
        dsq = np.sqrt(delta_star[j, :]).reshape((-1, 1))
        denom = np.dot(dsq, np.ones((1, sample_per_batch[j])))
        numer = np.array(bayesdata[:, batch_idxs] - np.dot(batch_design[batch_idxs, :], gamma_star).T)
        bayesdata[:, batch_idxs] = numer / denom
    vpsq = np.sqrt(var_pooled).reshape((len(var_pooled), 1))
    return bayesdata * np.dot(vpsq, np.ones((1, n_sample))) + stand_mean + mod_mean


def neuro_combat(dat, covars, batch_col, categorical_cols, continuous_cols, eb=True, mean_only=False):
    """neuroCombat(dat, covars, batch_col, ...) with parametric=True, ref_batch=None. dat: features x samples."""
    covars = np.array(covars, dtype='object')
    (batch_levels, sample_per_batch) = np.unique(covars[:, batch_col], return_counts=True)
    design = make_design_matrix(covars, batch_col, categorical_cols, continuous_cols)
    info_dict = {
        'batch_levels': batch_levels,
        'n_batch': len(batch_levels),
        'n_sample': int(covars.shape[0]),
        'sample_per_batch': sample_per_batch.astype('int'),
        'batch_info': [list(np.where(covars[:, batch_col] == idx)[0]) for idx in batch_levels],
    }
    s_data, s_mean, v_pool, mod_mean, B_hat = standardize_across_features(dat, design, info_dict)
    LS = fit_LS_model_and_find_priors(s_data, design, info_dict, mean_only)
    if eb:
        gamma_star, delta_star = find_parametric_adjustments(s_data, LS, info_dict, mean_only)
    else:
        gamma_star, delta_star = find_non_eb_adjustments(s_data, LS, info_dict)
    data = adjust_data_final(s_data.copy(), design, gamma_star, delta_star, s_mean, mod_mean, v_pool, info_dict)
    return {
        'data': data.T.tolist(),  # samples x features
        'batches': [str(b) for b in batch_levels],
        'grandMean': s_mean[:, 0].tolist(),
        'varPooled': v_pool[:, 0].tolist(),
        'gammaHat': np.array(LS['gamma_hat']).tolist(),
        'deltaHat': np.array(LS['delta_hat'], dtype=float).tolist(),
        'gammaStar': np.array(gamma_star, dtype=float).tolist(),
        'deltaStar': np.array(delta_star, dtype=float).tolist(),
    }


def simulate():
    """3 sites (18, 20, 22 rows, shuffled), 10 features, age (integer years), sex; site location and scale shifts."""
    rs = np.random.RandomState(20261204)
    sizes = {'siteA': 18, 'siteB': 20, 'siteC': 22}
    batch = np.array([b for b, n in sizes.items() for _ in range(n)], dtype=object)
    rs.shuffle(batch)
    n, p = len(batch), 10
    age = rs.randint(35, 80, size=n)
    sex = np.where(rs.rand(n) < 0.5, 'F', 'M').astype(object)
    base = rs.normal(0, 1, size=(n, p)) * rs.uniform(0.5, 3, size=p) + rs.uniform(-5, 5, size=p)
    base += np.outer(age - 57, rs.normal(0, 0.05, size=p)) + np.outer(sex == 'M', rs.normal(0, 0.8, size=p))
    shift = {'siteA': 0.0, 'siteB': 1.5, 'siteC': -1.0}
    scale = {'siteA': 1.0, 'siteB': 1.8, 'siteC': 0.6}
    x = np.array([base[i] * scale[batch[i]] + shift[batch[i]] * (1 + 0.1 * np.arange(p)) for i in range(n)])
    return x, batch, age, sex


def main():
    x, batch, age, sex = simulate()
    covars = np.column_stack([batch, sex, age]).astype(object)
    dat = x.T.copy()  # features x samples, float64
    cases = {
        'parametric': dict(categorical_cols=[1], continuous_cols=[2]),
        'noCovariates': dict(categorical_cols=[], continuous_cols=[]),
        'noEb': dict(categorical_cols=[1], continuous_cols=[2], eb=False),
        'meanOnly': dict(categorical_cols=[1], continuous_cols=[2], mean_only=True),
    }
    out = {
        'source': 'scripts/reference/combat-reference.py (neuroCombat.py algorithm, numpy %s)' % np.__version__,
        'x': x.tolist(),
        'batch': [str(b) for b in batch],
        'age': [int(a) for a in age],
        'sex': [str(s) for s in sex],
        'cases': {name: neuro_combat(dat.copy(), covars, 0, **kw) for name, kw in cases.items()},
    }
    json.dump(out, sys.stdout, indent=1)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
