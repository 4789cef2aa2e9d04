import { RadSweepInputError } from '@radsweep/core';

/**
 * A fitted binary tree in flat arrays, as both boosters store it. Node k is a leaf
 * when left[k] < 0, and then value[k] is its output (already times the learning
 * rate); otherwise a row goes left when x[feature[k]] <= threshold[k]. Node 0 is the root.
 */
export interface BoostedTree {
  readonly feature: Int32Array;
  readonly threshold: Float64Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly value: Float64Array;
}

/** Grows a tree node by node; `finish` packs it into typed arrays. */
export class BoostedTreeBuilder {
  private feature: number[] = [];
  private threshold: number[] = [];
  private left: number[] = [];
  private right: number[] = [];
  private value: number[] = [];

  get size(): number {
    return this.feature.length;
  }

  /** Adds a node (a leaf until `setSplit`), returns its index. */
  addNode(value: number): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.value.push(value);
    return this.feature.length - 1;
  }

  setSplit(node: number, feature: number, threshold: number, left: number, right: number): void {
    this.feature[node] = feature;
    this.threshold[node] = threshold;
    this.left[node] = left;
    this.right[node] = right;
  }

  setValue(node: number, value: number): void {
    this.value[node] = value;
  }

  finish(): BoostedTree {
    return {
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.value),
    };
  }
}

/** The leaf a row of a row-major matrix (`data`, `cols` wide) lands in. */
export function leafOf(tree: BoostedTree, data: ArrayLike<number>, rowStart: number): number {
  const { feature, threshold, left, right } = tree;
  let k = 0;
  while (left[k] >= 0) k = data[rowStart + feature[k]] <= threshold[k] ? left[k] : right[k];
  return k;
}

/** raw[i] += tree output for each row of a row-major matrix with `cols` columns. */
function addTreeOutput(tree: BoostedTree, data: ArrayLike<number>, cols: number, raw: Float64Array): void {
  for (let i = 0; i < raw.length; i++) raw[i] += tree.value[leafOf(tree, data, i * cols)];
}

export interface SavedTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

function saveTree(t: BoostedTree): SavedTree {
  return {
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold),
    left: Array.from(t.left),
    right: Array.from(t.right),
    value: Array.from(t.value),
  };
}

function loadTree(s: SavedTree, where: string): BoostedTree {
  const n = s?.feature?.length;
  if (!(n > 0) || [s.threshold, s.left, s.right, s.value].some((a) => !Array.isArray(a) || a.length !== n)) {
    throw new RadSweepInputError('saved tree arrays are missing or of unequal length', where);
  }
  return {
    feature: Int32Array.from(s.feature),
    threshold: Float64Array.from(s.threshold),
    left: Int32Array.from(s.left),
    right: Int32Array.from(s.right),
    value: Float64Array.from(s.value),
  };
}

/** init + the sum of every tree's output, per row of a row-major matrix (`data`, `cols` wide). */
export function boostedRawScores(init: number, trees: readonly BoostedTree[], data: ArrayLike<number>, rows: number, cols: number): Float64Array {
  const raw = new Float64Array(rows).fill(init);
  for (const tree of trees) addTreeOutput(tree, data, cols, raw);
  return raw;
}

/** A boosted ensemble's fitted state as JSON: the starting raw score and the trees. */
export interface SavedBoostedModel {
  init: number;
  trees: SavedTree[];
}

export function saveBoostedModel(init: number, trees: readonly BoostedTree[]): SavedBoostedModel {
  return { init, trees: trees.map(saveTree) };
}

export function loadBoostedModel(state: unknown, where: string): { init: number; trees: BoostedTree[] } {
  const s = state as SavedBoostedModel;
  if (typeof s?.init !== 'number' || !Array.isArray(s.trees)) throw new RadSweepInputError('saved state lacks init or trees', where);
  return { init: s.init, trees: s.trees.map((t, k) => loadTree(t, `${where}.trees[${k}]`)) };
}
