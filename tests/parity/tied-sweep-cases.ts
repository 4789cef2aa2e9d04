import { resolve } from 'node:path';
import { SweepCase } from './seed-sweep-support';
import { TIED, TIED_FEATURE_SETS } from './tied-support';

/**
 * The seed protocol's sweep on the tied/collinear WDBC cohort: scikit-learn's run is
 * tests/fixtures/tied/wdbc-tied-sweep-<feature set>.json (scripts/reference/tied-sweep.py); ours runs
 * examples/wdbc.yaml's steps, SMOTE and models on the reference's columns.
 */
export function tiedSweepCase(featureSet: (typeof TIED_FEATURE_SETS)[number]): SweepCase {
  return {
    referenceFile: resolve(TIED, `wdbc-tied-sweep-${featureSet}.json`),
    experiment: 'examples/wdbc.yaml',
    data: resolve(TIED, 'wdbc-tied.csv'),
    featureSet,
    columns: 'reference',
  };
}
