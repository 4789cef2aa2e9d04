import { RadSweepInputError } from '@radsweep/core';
import { suggestNames } from './close-names';
import type { Dataset } from './dataset';
import type { Table, TableColumn } from './table';

export interface DatasetOptions {
  /** Column holding a unique row id. */
  idColumn: string;
  /** Column holding the class; '' = no binary label (survival endpoints: label all 0, outcomes read by readSurvivalOutcome). */
  labelColumn: string;
  /** The label value that means "positive" (label 1); compared as text, so '1' matches 1. */
  positiveClass: string | number;
  /** Outcome columns (survival time and event) kept out of the candidate features. */
  outcomeColumns?: string[];
}

/**
 * Picks the id and label columns out of a table and maps the label to 0/1: a cell
 * equal to `positiveClass` is 1, any other non-missing cell 0. Refuses a missing
 * id or label column (suggesting close names), a missing label or id, duplicate
 * ids, and a label with only one class.
 */
export function buildDataset(table: Table, opts: DatasetOptions): Dataset {
  const names = table.columns.map((c) => c.name);
  const idCol = findColumn(table, opts.idColumn, 'id', names);
  const labelCol = opts.labelColumn === '' ? null : findColumn(table, opts.labelColumn, 'label', names);
  if (idCol === labelCol) {
    throw new RadSweepInputError(`the id column and the label column are the same column '${idCol.name}'`, table.source);
  }
  const n = table.rowCount;
  const ids = new Array<string>(n);
  const firstRowOfId = new Map<string, number>();
  const duplicates: string[] = [];
  for (let r = 0; r < n; r++) {
    const id = cellText(idCol, r);
    if (id === null) throw new RadSweepInputError(`id column '${idCol.name}' is empty in this row`, table.rowLabel(r));
    ids[r] = id;
    const first = firstRowOfId.get(id);
    if (first === undefined) firstRowOfId.set(id, r);
    else if (duplicates.length < 5) duplicates.push(`'${id}' (${table.rowLabel(first)} and ${table.rowLabel(r)})`);
    else if (duplicates.length === 5) duplicates.push('...');
  }
  if (duplicates.length > 0) {
    throw new RadSweepInputError(`id column '${idCol.name}' has duplicate ids: ${duplicates.join(', ')}`, table.source);
  }

  const positive = String(opts.positiveClass).trim();
  const label = new Uint8Array(n);
  let positives = 0;
  const otherValues = new Set<string>();
  for (let r = 0; labelCol && r < n; r++) {
    const cell = cellText(labelCol, r);
    if (cell === null) throw new RadSweepInputError(`label column '${labelCol.name}' is missing in this row (id ${ids[r]})`, table.rowLabel(r));
    if (sameClass(cell, positive)) {
      label[r] = 1;
      positives++;
    } else if (otherValues.size < 10) otherValues.add(cell);
  }
  if (labelCol && (positives === 0 || positives === n)) {
    const seen = positives === 0 ? [...otherValues].map((v) => `'${v}'`).join(', ') : `'${positive}'`;
    throw new RadSweepInputError(
      `label column '${labelCol.name}' has only one class: ${positives} rows equal the positive class '${positive}' and ${n - positives} do not (values seen: ${seen}); a classifier needs both classes`,
      table.source,
    );
  }

  const columns = new Map<string, Float64Array>();
  const columnOrder: string[] = [];
  const candidateOrder: string[] = [];
  const nonNumeric = new Map<string, { where: string; text: string }>();
  for (const col of table.columns) {
    if (col === idCol || col === labelCol || opts.outcomeColumns?.includes(col.name)) continue;
    candidateOrder.push(col.name);
    if (col.kind === 'number') {
      columns.set(col.name, col.values);
      columnOrder.push(col.name);
    } else {
      nonNumeric.set(col.name, { where: table.rowLabel(col.firstNonNumeric.row), text: col.firstNonNumeric.text });
    }
  }
  return {
    source: table.source,
    sha256: table.sha256,
    ids,
    label,
    positives,
    columns,
    columnOrder,
    nonNumeric,
    candidateOrder,
    keyColumns: [idCol.name, ...(labelCol ? [labelCol.name] : []), ...(opts.outcomeColumns ?? [])],
    rowLabel: table.rowLabel,
  };
}

function findColumn(table: Table, name: string, role: string, names: string[]): TableColumn {
  const col = table.columns.find((c) => c.name === name);
  if (!col) {
    throw new RadSweepInputError(`${role} column '${name}' not found; ${suggestNames(name, names)}`, table.source);
  }
  return col;
}

/** A cell as text (null if missing); a numeric cell prints as JavaScript prints the number (1, not 1.0). */
function cellText(col: TableColumn, row: number): string | null {
  if (col.kind === 'number') {
    const v = col.values[row];
    return Number.isNaN(v) ? null : String(v);
  }
  const v = col.values[row];
  return v === null ? null : v.trim();
}

/** Equal as numbers when both are numbers ('1.0' == 1), else equal as text. */
function sameClass(cell: string, positive: string): boolean {
  if (cell === positive) return true;
  const a = Number(cell);
  const b = Number(positive);
  return cell !== '' && positive !== '' && Number.isFinite(a) && Number.isFinite(b) && a === b;
}
