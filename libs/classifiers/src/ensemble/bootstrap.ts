import { NumpyRandomState } from '@radsweep/core';

/**
 * Bootstrap sample as per-row counts: `draws` rows drawn uniformly with replacement by
 * numpy's `RandomState.randint(0, n, draws)`, out[i] = how often row i was drawn. Trees
 * take the counts as sample weights, as scikit-learn's forests and bagging do (a row drawn twice weighs 2; rows never drawn
 * weigh 0 and are left out), so no row is copied.
 */
export function bootstrapCounts(rs: NumpyRandomState, n: number, draws: number, out: Float64Array): Float64Array {
  out.fill(0, 0, n);
  for (let k = 0; k < draws; k++) out[rs.randint(n)] += 1;
  return out;
}
