import { Matrix } from '@radsweep/core';

/**
 * The k nearest neighbours of each query row among candidate rows of x, by brute force
 * on squared Euclidean distance (the order scikit-learn's NearestNeighbors gives).
 * A query's own row is never its neighbour (imbalanced-learn asks for k + 1 neighbours
 * and drops the first, which is the row itself unless it has an exact duplicate; a
 * duplicate has the same coordinates, so the synthetic rows are the same).
 * Ties go to the lower candidate position. The partial distance is abandoned as soon as
 * it exceeds the current k-th best, which keeps the result exact.
 *
 * Returns, for query q, the positions in `candidates` of its neighbours, nearest first,
 * at out[q * k .. q * k + k). Needs candidates.length - 1 >= k (checked by the caller,
 * which can name the sampler and parameter in its error).
 * The search buffers are allocated once per call, never per query.
 */
export function kNearestNeighbours(x: Matrix, queries: Int32Array, candidates: Int32Array, k: number): Int32Array {
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
