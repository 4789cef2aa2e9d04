import { Matrix, registerThreadCache, sameBytes } from '@radsweep/core';
import { TreeNodes } from '../trees/tree-nodes';

/**
 * The trees of this thread's recent forest fits (random forest, extra trees, bagging), for fits
 * that differ from one of them only in n_estimators. Tree t depends on the rows, the labels, the
 * other parameters and the t-th seed drawn from RandomState(seed) only (tree-forest.ts; scikit-
 * learn 1.2 draws the per-tree seeds in order: `_make_estimator` for forests, `_seeds` for bagging),
 * so the first M trees of an N-tree forest are the M-tree forest, and an N-tree forest is an M-tree
 * forest grown on: the seed grid's n_estimators 100 and 300 on one fold need 300 trees, not 400.
 * An entry keeps copies of its rows and labels and a hit needs them equal bit for bit (memcmp),
 * never a hash; entries whose rows are the same bytes share one copy.
 */
export class ForestCheckpoints {
  /** Most recently used last. */
  private entries: Entry[] = [];
  private nodes = 0;

  /** At most `maxEntries` forests and `maxNodes` tree nodes (28 bytes each) are kept. */
  constructor(
    private readonly maxEntries: number,
    private readonly maxNodes: number,
  ) {}

  /** The longest kept forest fitted on (x, y) with `key` (every parameter but n_estimators, and the seed). */
  find(x: Matrix, y: Uint8Array, key: string): readonly TreeNodes[] | undefined {
    const at = this.indexOf(x, y, key);
    if (at < 0) return undefined;
    const [entry] = this.entries.splice(at, 1);
    this.entries.push(entry);
    return entry.trees;
  }

  /** Keeps `trees` (not copied: fitted trees are never changed) unless a longer forest of the same fit is kept. */
  store(x: Matrix, y: Uint8Array, key: string, trees: readonly TreeNodes[]): void {
    const at = this.indexOf(x, y, key);
    let data: FitData | undefined;
    if (at >= 0) {
      const [kept] = this.entries.splice(at, 1);
      this.entries.push(kept);
      if (kept.trees.length >= trees.length) return;
      this.nodes -= kept.nodes;
      this.entries.pop();
      data = kept.data;
    }
    const nodes = trees.reduce((s, t) => s + t.nodeCount, 0);
    if (nodes > this.maxNodes || this.maxEntries === 0) return;
    data ??= this.entries.find((e) => sameData(e.data, x, y))?.data ?? { rows: x.rows, cols: x.cols, x: x.data.slice(), y: y.slice() };
    this.entries.push({ data, key, trees: trees.slice(), nodes });
    this.nodes += nodes;
    while (this.entries.length > this.maxEntries || this.nodes > this.maxNodes) this.nodes -= this.entries.shift()!.nodes;
  }

  /** Forgets every forest (tests and benchmarks compare fresh fits with continued ones). */
  clear(): void {
    this.entries = [];
    this.nodes = 0;
  }

  get size(): number {
    return this.entries.length;
  }

  private indexOf(x: Matrix, y: Uint8Array, key: string): number {
    return this.entries.findIndex((e) => e.key === key && sameData(e.data, x, y));
  }
}

interface FitData {
  readonly rows: number;
  readonly cols: number;
  readonly x: Float64Array;
  readonly y: Uint8Array;
}

interface Entry {
  readonly data: FitData;
  readonly key: string;
  readonly trees: readonly TreeNodes[];
  readonly nodes: number;
}

function sameData(d: FitData, x: Matrix, y: Uint8Array): boolean {
  return d.rows === x.rows && d.cols === x.cols && sameBytes(d.x, x.data) && sameBytes(d.y, y);
}

/**
 * This thread's forests: the sweep queues every 300-tree fit of a feature set (5 folds x 2 depths x
 * 2 forest kinds, and bagging's 50) before the 100-tree ones, with both feature sets in flight, so
 * a thread meets up to ~50 forests before their shorter twins; 2^21 nodes is ~59 MB.
 */
export const forestCheckpoints = new ForestCheckpoints(64, 1 << 21);
registerThreadCache({ name: 'forest checkpoints', entries: () => forestCheckpoints.size, clear: () => forestCheckpoints.clear() });

/** Forgets every forest of this thread. */
export function clearForestCheckpoints(): void {
  forestCheckpoints.clear();
}
