import { Matrix } from '@radsweep/core';
import { KdTree } from '@radsweep/classifiers';

/**
 * The k nearest neighbours of each query row among candidate rows of x, by brute force
 * on squared Euclidean distance (the order scikit-learn's NearestNeighbors gives).
 * A query's own row is never its neighbour (imbalanced-learn asks for k + 1 neighbours
 * and drops the first, which is the row itself unless it has an exact duplicate; a
 * duplicate has the same coordinates, so the synthetic rows are the same).
 * Ties go to the lower candidate position. The partial distance is abandoned as soon as
 * it exceeds the current k-th best, which keeps the result exact.
 * Where scikit-learn's NearestNeighbors(algorithm='auto') uses its KD-tree (at most 15 features and
 * k + 1 < candidates / 2) and every query row is a candidate (imbalanced-learn's own-class searches), the
 * search is that KD-tree's instead (`kdTreeNeighbours`), so that among equally distant rows (tied data) the
 * same ones come back in the same order.
 *
 * Returns, for query q, the positions in `candidates` of its neighbours, nearest first,
 * at out[q * k .. q * k + k). Needs candidates.length - 1 >= k (checked by the caller,
 * which can name the sampler and parameter in its error).
 * The search buffers are allocated once per call, never per query.
 */
export function kNearestNeighbours(x: Matrix, queries: Int32Array, candidates: Int32Array, k: number): Int32Array {
  if (usesKdTree(x.cols, k + 1, candidates.length) && queriesAreCandidates(queries, candidates, x.rows)) {
    return kdTreeNeighbours(x, queries, candidates, k);
  }
  const { cols: p, data } = x;
  const out = new Int32Array(queries.length * k);
  // Queries go in blocks so that each candidate row is read once per block while the block's rows stay in cache.
  const block = Math.min(QUERY_BLOCK, queries.length);
  const bestD = new Float64Array(block * k);
  const bestPos = new Int32Array(block * k);
  const filled = new Int32Array(block);
  const worst = new Float64Array(block);
  for (let q0 = 0; q0 < queries.length; q0 += block) {
    const nq = Math.min(block, queries.length - q0);
    filled.fill(0);
    worst.fill(Infinity);
    for (let c = 0; c < candidates.length; c++) {
      const cRow = candidates[c];
      const cOff = cRow * p;
      for (let b = 0; b < nq; b++) {
        const qRow = queries[q0 + b];
        if (cRow === qRow) continue;
        const qOff = qRow * p;
        const w = worst[b];
        let d = 0;
        for (let j = 0; j < p && d <= w; j++) {
          const diff = data[qOff + j] - data[cOff + j];
          d += diff * diff;
        }
        if (!(d < w)) continue;
        // Insert into query b's sorted top-k list; entries that are strictly greater shift right, so ties keep the lower position first.
        const base = b * k;
        let at = filled[b] < k ? filled[b]++ : k - 1;
        while (at > 0 && bestD[base + at - 1] > d) {
          bestD[base + at] = bestD[base + at - 1];
          bestPos[base + at] = bestPos[base + at - 1];
          at--;
        }
        bestD[base + at] = d;
        bestPos[base + at] = c;
        if (filled[b] === k) worst[b] = bestD[base + k - 1];
      }
    }
    out.set(bestPos.subarray(0, nq * k), q0 * k);
  }
  return out;
}

const QUERY_BLOCK = 16;

/** scikit-learn 1.2 NeighborsBase._fit with algorithm='auto', Euclidean: KD-tree unless p > 15 or n_neighbors >= n_fit // 2. */
function usesKdTree(p: number, nNeighbors: number, nFit: number): boolean {
  return !(p > 15 || nNeighbors >= Math.floor(nFit / 2));
}

function queriesAreCandidates(queries: Int32Array, candidates: Int32Array, rows: number): boolean {
  const isCandidate = new Uint8Array(rows);
  for (const c of candidates) isCandidate[c] = 1;
  return queries.every((q) => isCandidate[q] === 1);
}

/**
 * imbalanced-learn's `nn.fit(candidates).kneighbors(queries)[:, 1:]` through scikit-learn's KD-tree: the k + 1
 * nearest candidates of each query in the order `KDTree.query` sorts them, the first dropped (the query row
 * itself, or an exact duplicate of it, which has the same coordinates).
 */
function kdTreeNeighbours(x: Matrix, queries: Int32Array, candidates: Int32Array, k: number): Int32Array {
  const { cols: p, data } = x;
  const fit = new Float64Array(candidates.length * p);
  candidates.forEach((row, c) => fit.set(data.subarray(row * p, row * p + p), c * p));
  const tree = new KdTree(fit, candidates.length, p);
  const dist = new Float64Array(k + 1);
  const ind = new Int32Array(k + 1);
  const out = new Int32Array(queries.length * k);
  queries.forEach((row, q) => {
    tree.querySorted(data, row * p, k + 1, dist, ind);
    out.set(ind.subarray(1), q * k);
  });
  return out;
}
