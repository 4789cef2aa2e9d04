import { Rng } from '@radsweep/core';
import { bestLogRankSplit, nodeTimes } from './log-rank-split';

/** A grown survival tree: internal nodes split on `x[var] <= value` (left) / `>` (right). */
export interface SurvivalTree {
  /** Per node: split variable, or -1 for a leaf. */
  splitVar: Int32Array;
  splitValue: Float64Array;
  left: Int32Array;
  right: Int32Array;
  /** Per node: leaf index (into `leaves`), -1 for internal nodes. */
  leaf: Int32Array;
  leaves: SurvivalLeaf[];
}

/** A leaf's Nelson-Aalen cumulative hazard: jumps at `times` (its event times), `cumhaz` after each. */
export interface SurvivalLeaf {
  times: Float64Array;
  cumhaz: Float64Array;
  /** Sum of the cumulative hazard over the forest's time grid (ranger's mortality score). */
  mortality: number;
}

export interface TreeSettings {
  mtry: number;
  minNodeSize: number;
}

/**
 * Grows one tree as ranger grows a survival tree (splitrule "logrank"): nodes in creation order;
 * a node with <= min_node_size rows, or all rows with the same time and status, is a leaf; else
 * `mtry` variables are drawn without replacement and the best log-rank split with both children
 * >= min_node_size rows is taken (no valid split: leaf). `rows` are the bootstrap draws (repeats
 * kept). `grid` is the forest's sorted distinct training times (for the leaves' mortality).
 */
export function growSurvivalTree(xCols: Float64Array, n: number, p: number, time: Float64Array, event: Uint8Array, rows: Int32Array, grid: Float64Array, settings: TreeSettings, rng: Rng): SurvivalTree {
  const splitVar: number[] = [];
  const splitValue: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const leaf: number[] = [];
  const leaves: SurvivalLeaf[] = [];
  const nodeRows: Int32Array[] = [];
  const newNode = (r: Int32Array) => {
    nodeRows.push(r);
    splitVar.push(-1);
    splitValue.push(0);
    left.push(-1);
    right.push(-1);
    leaf.push(-1);
    return splitVar.length - 1;
  };
  newNode(rows);
  const vars = Int32Array.from({ length: p }, (_, j) => j);
  for (let node = 0; node < nodeRows.length; node++) {
    const r = nodeRows[node];
    let best: { statistic: number; value: number; variable: number } | null = null;
    if (r.length > settings.minNodeSize && !isPure(r, time, event)) {
      const nt = nodeTimes(r, time, event);
      // mtry variables without replacement (partial Fisher-Yates)
      for (let k = 0; k < settings.mtry; k++) {
        const s = k + rng.int(p - k);
        const tmp = vars[k];
        vars[k] = vars[s];
        vars[s] = tmp;
      }
      const values = new Float64Array(r.length);
      for (let k = 0; k < settings.mtry; k++) {
        const j = vars[k];
        for (let q = 0; q < r.length; q++) values[q] = xCols[j * n + r[q]];
        const cand = bestLogRankSplit(values, nt, event, r, settings.minNodeSize);
        if (cand && (best === null || cand.statistic > best.statistic)) best = { ...cand, variable: j };
      }
    }
    if (best === null) {
      leaf[node] = leaves.length;
      leaves.push(nelsonAalenLeaf(r, time, event, grid));
      nodeRows[node] = new Int32Array(0);
      continue;
    }
    const goLeft: number[] = [];
    const goRight: number[] = [];
    for (const i of r) (xCols[best.variable * n + i] <= best.value ? goLeft : goRight).push(i);
    splitVar[node] = best.variable;
    splitValue[node] = best.value;
    left[node] = newNode(Int32Array.from(goLeft));
    right[node] = newNode(Int32Array.from(goRight));
    nodeRows[node] = new Int32Array(0);
  }
  return {
    splitVar: Int32Array.from(splitVar),
    splitValue: Float64Array.from(splitValue),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    leaf: Int32Array.from(leaf),
    leaves,
  };
}

function isPure(rows: Int32Array, time: Float64Array, event: Uint8Array): boolean {
  const t = time[rows[0]];
  const e = event[rows[0]];
  for (const i of rows) if (time[i] !== t || event[i] !== e) return false;
  return true;
}

/** ranger's leaf estimate: H(t) = sum over times <= t of events / at risk among the leaf's rows. */
export function nelsonAalenLeaf(rows: Int32Array, time: Float64Array, event: Uint8Array, grid: Float64Array): SurvivalLeaf {
  const sorted = Array.from(rows).sort((a, b) => time[a] - time[b]);
  const times: number[] = [];
  const cumhaz: number[] = [];
  let atRisk = sorted.length;
  let h = 0;
  for (let k = 0; k < sorted.length; ) {
    const t = time[sorted[k]];
    let d = 0;
    let c = 0;
    while (k < sorted.length && time[sorted[k]] === t) {
      d += event[sorted[k]];
      c++;
      k++;
    }
    if (d > 0) {
      h += d / atRisk;
      times.push(t);
      cumhaz.push(h);
    }
    atRisk -= c;
  }
  // mortality = sum over the grid of H(grid_g) = sum_k jump_k x #{g : grid_g >= t_k}
  let mortality = 0;
  let prev = 0;
  for (let k = 0; k < times.length; k++) {
    mortality += (cumhaz[k] - prev) * (grid.length - lowerBound(grid, times[k]));
    prev = cumhaz[k];
  }
  return { times: Float64Array.from(times), cumhaz: Float64Array.from(cumhaz), mortality };
}

function lowerBound(a: Float64Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the leaf row `i` of row-major `x` (p columns) falls in. */
export function findLeaf(tree: SurvivalTree, x: Float64Array, offset: number): number {
  let node = 0;
  while (tree.splitVar[node] >= 0) node = x[offset + tree.splitVar[node]] <= tree.splitValue[node] ? tree.left[node] : tree.right[node];
  return tree.leaf[node];
}
