import { Matrix } from '@radsweep/core';
import { BaseClassifier } from '../classifier';
import { ModelSpec } from '../model-spec';
import { toFloat64, toNumbers } from '../linear/dense';
import { KdTree } from './kd-tree';

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
 * `_get_weights`); P = (sum of positive weights) / (negative sum + positive sum), as its predict_proba.
 *
 * The search is the one scikit-learn 1.2's algorithm='auto' picks, so that among training rows at equal
 * distance the same ones vote: brute force when there are more than 15 features or k >= n_train / 2
 * (equal distances: lower training index first, as its heap keeps the first of equals), else its KD-tree
 * (`KdTree`: same build, visiting order and heap, so the same equally distant rows win). k larger than the
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
  /** Built on first use after fit or load, when scikit-learn's algorithm='auto' would use a KD-tree. */
  private tree: KdTree | null = null;

  protected fitImpl(x: Matrix, y: Uint8Array): void {
    if (this.params.n_neighbors > x.rows) {
      throw new Error(`n_neighbors = ${this.params.n_neighbors} is larger than the ${x.rows} training rows (scikit-learn: Expected n_neighbors <= n_samples_fit)`);
    }
    this.train = x.data.slice();
    this.labels = y.slice();
    this.tree = null;
  }

  /** scikit-learn 1.2 `NeighborsBase._fit` with algorithm='auto', Euclidean: KD-tree unless p > 15 or k >= n // 2. */
  private usesKdTree(p: number): boolean {
    const n = this.labels.length;
    return !(p > 15 || this.params.n_neighbors >= Math.floor(n / 2));
  }

  private kdPredict(x: Matrix): Float64Array {
    const p = x.cols;
    const k = this.params.n_neighbors;
    this.tree ??= new KdTree(this.train, this.labels.length, p);
    const dist = new Float64Array(k);
    const ind = new Int32Array(k);
    const order = Int32Array.from({ length: k }, (_, i) => i);
    const sortedD = new Float64Array(k);
    const sortedI = new Int32Array(k);
    const out = new Float64Array(x.rows);
    for (let r = 0; r < x.rows; r++) {
      this.tree.query(x.data, r * p, k, dist, ind);
      // nearest first (rows at equal distance carry equal weights, so their order changes no sum)
      order.sort((a, b) => dist[a] - dist[b]);
      for (let m = 0; m < k; m++) {
        sortedD[m] = dist[order[m]];
        sortedI[m] = ind[order[m]];
      }
      out[r] = this.params.weights === 'distance' ? distanceVote(sortedD, sortedI, this.labels, k) : uniformVote(sortedI, this.labels, k);
    }
    return out;
  }

  protected predictImpl(x: Matrix): Float64Array {
    if (this.usesKdTree(x.cols)) return this.kdPredict(x);
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
    this.tree = null;
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
  let neg = 0, pos = 0;
  for (let m = 0; m < k; m++) {
    const w = 1 / Math.sqrt(sqDist[m]);
    if (labels[idx[m]]) pos += w;
    else neg += w;
  }
  return pos / (neg + pos);
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
    'Euclidean distance only. The neighbour search is scikit-learn 1.2\'s algorithm=\'auto\' choice (brute force above 15 features or when k >= n_train / 2, else its KD-tree with leaf_size 30, replayed with its build, visiting order and heap), so rows at equal distance are chosen as scikit-learn chooses them. n_neighbors larger than the training rows fails the configuration (scikit-learn raises too; in a grid search the configuration is skipped, as GridSearchCV scores it NaN).',
  create: (params, seed) => new KNeighborsClassifier(params as KnnParams, seed),
};
