import type { Params } from '@radsweep/classifiers';
import type { GridSpec } from './spec';

/**
 * Expands a parameter grid into configurations in scikit-learn's ParameterGrid order:
 * sub-grids in list order; inside one, keys sorted by name and the cartesian product
 * taken with the LAST key varying fastest. GridSearchCV breaks score ties by the first
 * configuration in this order, so the order is part of the result.
 * Reference: sklearn/model_selection/_search.py, ParameterGrid.__iter__.
 */
export function expandGrid(grid: GridSpec | GridSpec[] | undefined): Params[] {
  if (grid === undefined) return [{}];
  const subGrids = Array.isArray(grid) ? grid : [grid];
  const out: Params[] = [];
  for (const sub of subGrids) {
    const keys = Object.keys(sub).sort();
    const counters = new Array<number>(keys.length).fill(0);
    if (keys.some((k) => sub[k].length === 0)) continue;
    for (;;) {
      const config: Params = {};
      keys.forEach((k, i) => (config[k] = sub[k][counters[i]]));
      out.push(config);
      let i = keys.length - 1;
      while (i >= 0 && ++counters[i] === sub[keys[i]].length) counters[i--] = 0;
      if (i < 0) break;
    }
  }
  return out;
}

/** Number of configurations expandGrid would produce, without building them. */
export function countGrid(grid: GridSpec | GridSpec[] | undefined): number {
  if (grid === undefined) return 1;
  const subGrids = Array.isArray(grid) ? grid : [grid];
  return subGrids.reduce((sum, sub) => sum + Object.values(sub).reduce((prod, values) => prod * values.length, 1), 0);
}
