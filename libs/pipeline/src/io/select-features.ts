import { RadSweepInputError } from '@radsweep/core';
import { listColumns, suggestNames } from './close-names';
import type { Dataset } from './dataset';
import { compileGlob, isGlob } from './glob';

/**
 * The feature columns named by `include` minus those named by `exclude`: each
 * entry a column name or a glob pattern (`*`, `?`, `[...]`). The result is in
 * include-list order (each entry's matches in file order; a column keeps its first
 * place), without duplicates: the column order decides which feature a tree or a
 * seeded model sees first, so it follows the experiment, as a scikit-learn script
 * that concatenates its column lists would. Every entry must match at least one column
 * (a typo should not silently drop a feature), and every selected column must be
 * numeric. An exclude entry may name the id or label column (never features
 * anyway): harmless, as dropping them from a scikit-learn frame would be. `where` names the setting (e.g. `experiment.yaml: features.include`)
 * for error messages.
 */
export function selectFeatures(ds: Dataset, include: string[], exclude: string[] = [], where = 'features'): string[] {
  const candidates = ds.candidateOrder;
  const matchAll = (patterns: string[], key: string): Set<string> => {
    const hit = new Set<string>(); // insertion order = include-list order
    patterns.forEach((pattern, k) => {
      const glob = compileGlob(pattern);
      const found = candidates.filter((c) => glob.test(c));
      const namesKey = key === 'exclude' && (ds.keyColumns ?? []).some((c) => glob.test(c));
      if (found.length === 0 && !namesKey) {
        const hint = isGlob(pattern) ? listColumns(candidates) : suggestNames(pattern, candidates);
        throw new RadSweepInputError(`pattern '${pattern}' matches no column of ${ds.source}; ${hint}`, `${where}.${key}[${k}]`);
      }
      for (const c of found) hit.add(c);
    });
    return hit;
  };
  const included = matchAll(include, 'include');
  const excluded = matchAll(exclude, 'exclude');
  const selected = [...included].filter((c) => !excluded.has(c));
  for (const name of selected) {
    const bad = ds.nonNumeric.get(name);
    if (bad) {
      throw new RadSweepInputError(
        `column '${name}' is not numeric: its cell at ${bad.where} is ${JSON.stringify(bad.text)}; exclude it or fix the data`,
        `${where}.include`,
      );
    }
  }
  if (selected.length === 0) throw new RadSweepInputError('no feature column is left after the excludes', where);
  return selected;
}
