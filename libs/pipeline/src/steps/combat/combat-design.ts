import { RadSweepInputError } from '@radsweep/core';

/** Covariates whose effect ComBat preserves, per row: continuous values and categorical levels. */
export interface CombatCovariates {
  continuous: { name: string; values: Float64Array }[];
  categorical: { name: string; values: (string | null)[] }[];
}

export const NO_COVARIATES: CombatCovariates = { continuous: [], categorical: [] };

/** The covariate part of the design, fixed at fit: the training levels of each categorical covariate (sorted; the first is the reference). */
export interface CovariateCoding {
  continuous: string[];
  categorical: { name: string; levels: string[] }[];
  /** Design columns after the batch indicators: sum(levels - 1) + continuous count. */
  columns: number;
}

const WHERE = 'steps: combat';

/** Sorted distinct values, as numpy's `np.unique` orders them (code-unit order for text). */
export function sortedLevels(values: readonly (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => v !== null))].sort();
}

/** The training coding of the covariates: levels of each categorical covariate as seen in the training rows. */
export function covariateCoding(cov: CombatCovariates, rows: number): CovariateCoding {
  const categorical = cov.categorical.map((c) => {
    checkLength(c.name, c.values.length, rows);
    const missing = c.values.indexOf(null);
    if (missing >= 0) throw new RadSweepInputError(`covariate '${c.name}' is missing in row ${missing + 1} of the rows the step is fitted on`, WHERE);
    return { name: c.name, levels: sortedLevels(c.values) };
  });
  for (const c of cov.continuous) checkLength(c.name, c.values.length, rows);
  const columns = categorical.reduce((s, c) => s + c.levels.length - 1, 0) + cov.continuous.length;
  return { continuous: cov.continuous.map((c) => c.name), categorical, columns };
}

/**
 * The covariate columns of the design (neuroCombat's make_design_matrix after the batch one-hot): each
 * categorical covariate one-hot without its first level, then each continuous covariate. n x coding.columns.
 */
export function covariateDesign(coding: CovariateCoding, cov: CombatCovariates, rows: number): Float64Array {
  const out = new Float64Array(rows * coding.columns);
  let col = 0;
  for (const c of coding.categorical) {
    const values = findCovariate(cov.categorical, c.name).values;
    checkLength(c.name, values.length, rows);
    for (let i = 0; i < rows; i++) {
      const v = values[i];
      const level = v === null ? -1 : c.levels.indexOf(v);
      if (level < 0) {
        const seen = c.levels.map((l) => `'${l}'`).join(', ');
        throw new RadSweepInputError(`covariate '${c.name}' has ${v === null ? 'a missing value' : `level '${v}'`} in row ${i + 1}, not among the training levels (${seen})`, WHERE);
      }
      if (level > 0) out[i * coding.columns + col + level - 1] = 1;
    }
    col += c.levels.length - 1;
  }
  for (const name of coding.continuous) {
    const values = findCovariate(cov.continuous, name).values;
    checkLength(name, values.length, rows);
    for (let i = 0; i < rows; i++) {
      if (!Number.isFinite(values[i])) throw new RadSweepInputError(`covariate '${name}' is missing or not finite in row ${i + 1}`, WHERE);
      out[i * coding.columns + col] = values[i];
    }
    col++;
  }
  return out;
}

function findCovariate<T extends { name: string }>(list: T[], name: string): T {
  const c = list.find((x) => x.name === name);
  if (!c) throw new RadSweepInputError(`covariate '${name}' was used at fit but is not given now`, WHERE);
  return c;
}

function checkLength(name: string, length: number, rows: number): void {
  if (length !== rows) throw new RangeError(`combat: covariate '${name}' has ${length} values for ${rows} rows`);
}
