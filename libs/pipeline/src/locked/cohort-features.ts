import { Matrix, RadSweepInputError, matrix } from '@radsweep/core';
import { suggestNames } from '../io/close-names';
import type { Table } from '../io';

/**
 * The locked model's feature columns of a cohort table, by name, in the model's order. Rules: every
 * feature must be present (a missing one is refused, naming it and the closest names) and numeric
 * (a column with text cells, e.g. a category the model never saw, is refused naming the column and
 * its first non-numeric cell); missing cells are kept as NaN for the model's imputer; any other column
 * of the file is ignored (returned in `ignored`).
 */
export function cohortFeatures(table: Table, features: readonly string[], keyColumns: readonly string[]): { x: Matrix; ignored: string[] } {
  const byName = new Map(table.columns.map((c) => [c.name, c]));
  const names = table.columns.map((c) => c.name);
  const missing = features.filter((f) => !byName.has(f));
  if (missing.length > 0) {
    throw new RadSweepInputError(
      `the cohort lacks the model's feature column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}; ${suggestNames(missing[0], names)}`,
      table.source,
    );
  }
  const x = matrix(table.rowCount, features.length);
  features.forEach((f, j) => {
    const col = byName.get(f)!;
    if (col.kind !== 'number') {
      throw new RadSweepInputError(
        `feature column '${f}' is not numeric: its cell at ${table.rowLabel(col.firstNonNumeric.row)} is ${JSON.stringify(col.firstNonNumeric.text)} (the model takes numbers only; categories are not encoded)`,
        table.source,
      );
    }
    for (let i = 0; i < table.rowCount; i++) x.data[i * features.length + j] = col.values[i];
  });
  const used = new Set([...features, ...keyColumns]);
  return { x, ignored: names.filter((n) => !used.has(n)) };
}

/** A cohort's id column as text, refusing a missing column, an empty id or a duplicate. */
export function cohortIds(table: Table, idColumn: string): string[] {
  const col = table.columns.find((c) => c.name === idColumn);
  if (!col) throw new RadSweepInputError(`id column '${idColumn}' not found; ${suggestNames(idColumn, table.columns.map((c) => c.name))}`, table.source);
  const seen = new Set<string>();
  return Array.from({ length: table.rowCount }, (_, r) => {
    const v = col.kind === 'number' ? (Number.isNaN(col.values[r]) ? null : String(col.values[r])) : col.values[r]?.trim() ?? null;
    if (v === null || v === '') throw new RadSweepInputError(`id column '${idColumn}' is empty in this row`, table.rowLabel(r));
    if (seen.has(v)) throw new RadSweepInputError(`id column '${idColumn}' has the duplicate id '${v}'`, table.rowLabel(r));
    seen.add(v);
    return v;
  });
}
