import { describeSweepParity } from './seed-sweep-suite';
import { tiedSweepCase } from './tied-sweep-cases';
import { TIED_FEATURE_SETS } from './tied-support';

/**
 * The seed protocol's whole sweep on the tied/collinear WDBC cohort (issue 14 item 8; tests/fixtures/tied/wdbc-tied.csv,
 * scripts/reference/tied-cohort.py) against scikit-learn 1.2.1 + imbalanced-learn 0.10.0
 * (scripts/reference/tied-sweep.py -> tests/fixtures/tied/wdbc-tied-sweep-*.json), on the three feature sets of the
 * plain references: `all` (37 columns), `clinical` (7 binary/ordinal/one-hot columns: many identical rows) and
 * `low15`. examples/wdbc.yaml's steps, SMOTE and models run with each model pinned to scikit-learn's chosen
 * configuration (seed-sweep-suite.ts). Every model's test AUC and mean CV AUC within 1e-12 of scikit-learn's and
 * every test probability within 1e-9, unless the model's spec declares an exception for that reference.
 */
for (const fs of TIED_FEATURE_SETS) describeSweepParity(tiedSweepCase(fs), { auc: 1e-12, probability: 1e-9 });
