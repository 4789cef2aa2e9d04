import { Matrix, RadSweepInputError } from '@radsweep/core';

/** A fitted tree as plain JSON (typed arrays as number[]). */
export interface SavedTree {
  feature: number[];
  threshold: number[];
  left: number[];
  right: number[];
  value: number[];
}

/**
 * A fitted binary classification tree in flat typed arrays (scikit-learn's `Tree`
 * layout): node k splits on `feature[k]` (-1 at a leaf), rows with
 * float32(x[feature]) <= threshold[k] go to `left[k]`, the others to `right[k]`; `value[k]` is
 * the weighted share of class 1 among the training rows in node k, which is what
 * predict_proba returns at a leaf. Node 0 is the root.
 */
export class TreeNodes {
  constructor(
    readonly feature: Int32Array,
    readonly threshold: Float64Array,
    readonly left: Int32Array,
    readonly right: Int32Array,
    readonly value: Float64Array,
  ) {}

  get nodeCount(): number {
    return this.feature.length;
  }

  /** Empty storage for up to `capacity` nodes (the builder's scratch space). */
  static withCapacity(capacity: number): TreeNodes {
    return new TreeNodes(new Int32Array(capacity), new Float64Array(capacity), new Int32Array(capacity), new Int32Array(capacity), new Float64Array(capacity));
  }

  /** A compact copy of the first `count` nodes. */
  slice(count: number): TreeNodes {
    return new TreeNodes(this.feature.slice(0, count), this.threshold.slice(0, count), this.left.slice(0, count), this.right.slice(0, count), this.value.slice(0, count));
  }

  /**
   * Leaf class-1 share for the row starting at data[offset] (walks the tree without
   * recursion). Values are rounded to float32 first, as scikit-learn compares float32
   * features with its float64 thresholds.
   */
  predictRow(data: Float64Array, offset: number): number {
    const { feature, threshold, left, right } = this;
    let k = 0;
    let f = feature[0];
    while (f >= 0) {
      k = Math.fround(data[offset + f]) <= threshold[k] ? left[k] : right[k];
      f = feature[k];
    }
    return this.value[k];
  }

  /** out[i] += scale * leaf share of row i. */
  addProba(x: Matrix, out: Float64Array, scale = 1): void {
    const { data, cols } = x;
    for (let i = 0, off = 0; i < x.rows; i++, off += cols) out[i] += scale * this.predictRow(data, off);
  }

  /** Depth of the deepest leaf (root alone = 0). */
  depth(): number {
    let deepest = 0;
    const stack: number[] = [0, 0];
    while (stack.length > 0) {
      const d = stack.pop()!;
      const k = stack.pop()!;
      if (this.feature[k] < 0) deepest = Math.max(deepest, d);
      else stack.push(this.left[k], d + 1, this.right[k], d + 1);
    }
    return deepest;
  }

  toJSON(): SavedTree {
    return {
      feature: Array.from(this.feature),
      threshold: Array.from(this.threshold),
      left: Array.from(this.left),
      right: Array.from(this.right),
      value: Array.from(this.value),
    };
  }

  static fromJSON(s: SavedTree, where = 'tree'): TreeNodes {
    const n = s?.feature?.length;
    if (!Number.isInteger(n) || n < 1 || [s.threshold, s.left, s.right, s.value].some((a) => !Array.isArray(a) || a.length !== n)) {
      throw new RadSweepInputError('saved tree is malformed: feature, threshold, left, right and value must be arrays of one length >= 1', where);
    }
    return new TreeNodes(Int32Array.from(s.feature), Float64Array.from(s.threshold), Int32Array.from(s.left), Int32Array.from(s.right), Float64Array.from(s.value));
  }
}
