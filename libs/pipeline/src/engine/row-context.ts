import { RadSweepInputError } from '@radsweep/core';
import type { RowContext } from '../step';
import type { Table } from '../io';
import type { ResolvedExperiment, ResolvedStep } from '../experiment/resolved';

/** The context of the given rows (data-set row indices), in that order. */
export function takeContextRows(context: RowContext, rows: ArrayLike<number>): RowContext {
  const out: RowContext = {};
  for (const [name, col] of Object.entries(context)) {
    out[name] = Array.isArray(col) ? Array.from(rows, (r) => col[r]) : Float64Array.from(rows, (r) => col[r]);
  }
  return out;
}

/** The non-feature columns the experiment's steps read per row (combat: `batch`, `continuous`, `categorical`). */
export function stepContextColumns(steps: readonly ResolvedStep[], prefix = 'steps'): { column: string; where: string }[] {
  const out: { column: string; where: string }[] = [];
  steps.forEach((step, i) => {
    if (step.id !== 'combat') return;
    const p = step.params as { batch?: unknown; continuous?: unknown; categorical?: unknown };
    if (typeof p.batch === 'string') out.push({ column: p.batch, where: `${prefix}[${i}].combat.batch` });
    for (const key of ['continuous', 'categorical'] as const) {
      const list = p[key];
      if (Array.isArray(list)) list.forEach((c, k) => out.push({ column: String(c), where: `${prefix}[${i}].combat.${key}[${k}]` }));
    }
  });
  return out;
}

/**
 * Reads the steps' context columns from the table (every row, file order). A column that is missing, or
 * is an outcome (label, follow-up time, event: a covariate must be known when a patient is predicted),
 * is refused naming the step key.
 */
export function readStepContext(
  table: Table,
  exp: Pick<ResolvedExperiment, 'steps' | 'featureSets'>,
  outcomeColumns: readonly string[],
  whereOf: (key: string) => string,
): RowContext | undefined {
  const wanted = [...stepContextColumns(exp.steps), ...exp.featureSets.flatMap((fs, f) => (fs.steps ? stepContextColumns(fs.steps, `featureSets[${f}].steps`) : []))];
  if (wanted.length === 0) return undefined;
  const context: RowContext = {};
  for (const { column, where } of wanted) {
    if (outcomeColumns.includes(column)) {
      throw new RadSweepInputError(`'${column}' is an outcome column; a batch or covariate must be known when a patient is predicted, so an outcome cannot be one`, whereOf(where));
    }
    const col = table.columns.find((c) => c.name === column);
    if (!col) throw new RadSweepInputError(`column '${column}' is not in the data file ${table.source}`, whereOf(where));
    context[column] = col.values;
  }
  return context;
}
