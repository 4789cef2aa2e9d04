import { Matrix } from '@radsweep/core';
import { BaseClassifier } from '../classifier';
import { ModelSpec } from '../model-spec';
import { toFloat64, toNumbers } from '../linear/dense';

export interface KnnParams {
  [k: string]: number | string;
  n_neighbors: number;
  weights: 'uniform' | 'distance';
}

/**
 * k-nearest-neighbours classifier (scikit-learn `KNeighborsClassifier`, Euclidean metric).
 *
 * P(y = 1 | x) = sum_{i in N_k(x)} w_i y_i / sum_{i in N_k(x)} w_i over the k training rows
 * nearest to x; w_i = 1 ('uniform') or 1 / d(x, x_i) ('distance'). With 'distance', when
 * some of the k neighbours are at distance 0 only those count, equally (scikit-learn's
 * `_get_weights`). Equal distances are broken by training-row order (lower index first).
 *
 * Brute force: squared distances to every training row, the k smallest kept in a sorted
 * buffer by insertion (O(n k) per query, no allocation per query). k larger than the
 * training set is refused at fit, as scikit-learn refuses it (at predict): the
 * vote of every row is the prevalence, AUC 0.5, which must not pass for a result.
 *
 * Parameters: n_neighbors = 5 (integer >= 1), weights = 'uniform'.
 * Reference: T. Cover, P. Hart, "Nearest neighbor pattern classification", IEEE Trans.
 * Inf. Theory 13 (1967) 21-27; scikit-learn 1.2 sklearn/neighbors/_classification.py.
 */
export class KNeighborsClassifier extends BaseClassifier<KnnParams> {
  readonly id = 'knn';
  private train = new Float64Array(0);
  private labels = new Uint8Array(0);

  protected fitImpl(x: Matrix, y: Uint8Array): void {
    if (this.params.n_neighbors > x.rows) {
      throw new Error(`n_neighbors = ${this.params.n_neighbors} is larger than the ${x.rows} training rows (scikit-learn: Expected n_neighbors <= n_samples_fit)`);
    }
    this.train = x.data.slice();
    this.labels = y.slice();
  }

  protected predictImpl(x: Matrix): Float64Array {
    const p = x.cols;
    const n = this.labels.length;
    const k = this.params.n_neighbors;
    const byDistance = this.params.weights === 'distance';
    const bestD = new Float64Array(k);
    const bestI = new Int32Array(k);
    const out = new Float64Array(x.rows);
    const q = x.data;
    const t = this.train;
    for (let r = 0; r < x.rows; r++) {
      const qo = r * p;
      let filled = 0;
      for (let i = 0; i < n; i++) {
        const to = i * p;
        let d = 0;
        for (let j = 0; j < p; j++) {
          const diff = q[qo + j] - t[to + j];
          d += diff * diff;
        }
        if (filled === k && d >= bestD[k - 1]) continue;
        // insert into the sorted buffer, dropping the farthest when full
        let pos = filled < k ? filled++ : k - 1;
        while (pos > 0 && bestD[pos - 1] > d) {
          bestD[pos] = bestD[pos - 1];
          bestI[pos] = bestI[pos - 1];
          pos--;
        }
        bestD[pos] = d;
        bestI[pos] = i;
      }
      out[r] = byDistance ? distanceVote(bestD, bestI, this.labels, k) : uniformVote(bestI, this.labels, k);
    }
    return out;
  }

  protected saveState(): unknown {
    return { train: toNumbers(this.train), labels: Array.from(this.labels) };
  }

  protected loadState(state: unknown): void {
    const s = state as { train: number[]; labels: number[] };
    this.train = toFloat64(s.train, 'train');
    this.labels = Uint8Array.from(s.labels);
  }
}

function uniformVote(idx: Int32Array, labels: Uint8Array, k: number): number {
  let pos = 0;
  for (let m = 0; m < k; m++) pos += labels[idx[m]];
  return pos / k;
}

/** Inverse-distance vote; exact matches (squared distance 0), if any, take the whole vote. */
function distanceVote(sqDist: Float64Array, idx: Int32Array, labels: Uint8Array, k: number): number {
  if (sqDist[0] === 0) {
    let zeros = 0, pos = 0;
    for (let m = 0; m < k && sqDist[m] === 0; m++) {
      zeros++;
      pos += labels[idx[m]];
    }
    return pos / zeros;
  }
  let total = 0, pos = 0;
  for (let m = 0; m < k; m++) {
    const w = 1 / Math.sqrt(sqDist[m]);
    total += w;
    pos += w * labels[idx[m]];
  }
  return pos / total;
}

export const knnSpec: ModelSpec = {
  id: 'knn',
  label: 'K-Nearest Neighbors',
  sklearn: 'KNeighborsClassifier',
  defaults: { n_neighbors: 5, weights: 'uniform' },
  rules: {
    n_neighbors: { kind: 'number', min: 1, integer: true },
    weights: { kind: 'enum', values: ['uniform', 'distance'] },
  },
  deterministic: true,
  notes:
    'Euclidean distance only, brute-force search. Ties in distance go to the earlier training row (scikit-learn\'s tree search may pick another of the tied rows). n_neighbors larger than the training rows fails the configuration (scikit-learn raises too; in a grid search the configuration is skipped, as GridSearchCV scores it NaN).',
  create: (params, seed) => new KNeighborsClassifier(params as KnnParams, seed),
};
