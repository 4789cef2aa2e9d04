import { Matrix, RadSweepInputError, Rng, matrix, toColumnMajor } from '@radsweep/core';
import { toFloat64, toNumbers } from '@radsweep/classifiers';
import { BaseSurvivalModel } from '../survival-model';
import { SurvivalOutcome } from '../survival-input';
import { stepValueAt } from '../step-function';
import { SurvivalTree, findLeaf, growSurvivalTree } from './survival-tree';

export interface RandomSurvivalForestParams {
  [k: string]: number | boolean | null;
  n_estimators: number;
  /** Variables tried per split; null = ranger's default ceil(sqrt(p)). */
  mtry: number | null;
  /** ranger's min.node.size (survival default 3): nodes this small are leaves, children at least this big. */
  min_node_size: number;
  /** Bootstrap (with replacement, n draws) or the full training set per tree. */
  bootstrap: boolean;
}

/**
 * Random survival forest with log-rank splitting, as ranger (0.14) grows it: per tree a bootstrap
 * sample of n rows (with replacement), trees grown by `growSurvivalTree`, each leaf holding the
 * Nelson-Aalen cumulative hazard of its rows. The ensemble cumulative hazard is the mean of the
 * trees' leaf hazards, S(t | x) = exp(-H(t | x)) (ranger's `predict()$survival`), and the risk
 * score is ranger's mortality: the ensemble hazard summed over the distinct training times.
 * Seeded: tree k draws from Rng(seed).derive(k) (not ranger's generator, so the same settings
 * give ranger-like, not identical, forests).
 *
 * Parameters: n_estimators = 500, mtry = null (ceil(sqrt(p))), min_node_size = 3, bootstrap = true.
 * Reference: Ishwaran, Kogalur, Blackstone & Lauer, Ann Appl Stat 2008;2:841-860; Wright & Ziegler,
 * J Stat Softw 2017;77(1).
 */
export class RandomSurvivalForest extends BaseSurvivalModel<RandomSurvivalForestParams> {
  readonly id = 'random_survival_forest';
  private trees: SurvivalTree[] = [];

  protected fitImpl(x: Matrix, y: SurvivalOutcome): void {
    const { rows: n, cols: p } = x;
    const mtry = this.params.mtry ?? Math.max(1, Math.ceil(Math.sqrt(p)));
    if (mtry > p) throw new RadSweepInputError(`mtry = ${mtry} exceeds the ${p} features`, `${this.id}.mtry`);
    const xCols = toColumnMajor(x);
    const grid = Float64Array.from(new Set(y.time)).sort();
    const root = new Rng(this.seed);
    this.trees = [];
    for (let k = 0; k < this.params.n_estimators; k++) {
      const rng = root.derive(k);
      const rows = new Int32Array(n);
      for (let i = 0; i < n; i++) rows[i] = this.params.bootstrap ? rng.int(n) : i;
      this.trees.push(growSurvivalTree(xCols, n, p, y.time, y.event, rows, grid, { mtry, minNodeSize: this.params.min_node_size }, rng));
    }
  }

  protected riskImpl(x: Matrix): Float64Array {
    const out = new Float64Array(x.rows);
    for (const tree of this.trees) {
      for (let i = 0; i < x.rows; i++) out[i] += tree.leaves[findLeaf(tree, x.data, i * x.cols)].mortality;
    }
    for (let i = 0; i < x.rows; i++) out[i] /= this.trees.length;
    return out;
  }

  protected cumulativeHazardImpl(x: Matrix, times: Float64Array): Matrix {
    const out = matrix(x.rows, times.length);
    for (const tree of this.trees) {
      for (let i = 0; i < x.rows; i++) {
        const leaf = tree.leaves[findLeaf(tree, x.data, i * x.cols)];
        for (let k = 0; k < times.length; k++) out.data[i * times.length + k] += stepValueAt(leaf.times, leaf.cumhaz, times[k]);
      }
    }
    for (let k = 0; k < out.data.length; k++) out.data[k] /= this.trees.length;
    return out;
  }

  protected saveState(): unknown {
    return this.trees.map((t) => ({
      splitVar: toNumbers(t.splitVar),
      splitValue: toNumbers(t.splitValue),
      left: toNumbers(t.left),
      right: toNumbers(t.right),
      leaf: toNumbers(t.leaf),
      leaves: t.leaves.map((l) => ({ times: toNumbers(l.times), cumhaz: toNumbers(l.cumhaz), mortality: l.mortality })),
    }));
  }

  protected loadState(state: unknown): void {
    if (!Array.isArray(state)) throw new TypeError('saved state: trees is not an array');
    this.trees = state.map((t: Record<string, unknown>) => ({
      splitVar: Int32Array.from(toFloat64(t.splitVar, 'splitVar')),
      splitValue: toFloat64(t.splitValue, 'splitValue'),
      left: Int32Array.from(toFloat64(t.left, 'left')),
      right: Int32Array.from(toFloat64(t.right, 'right')),
      leaf: Int32Array.from(toFloat64(t.leaf, 'leaf')),
      leaves: (t.leaves as Record<string, unknown>[]).map((l) => ({ times: toFloat64(l.times, 'times'), cumhaz: toFloat64(l.cumhaz, 'cumhaz'), mortality: l.mortality as number })),
    }));
  }
}
