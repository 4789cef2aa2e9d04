import { RadSweepInputError } from '@radsweep/core';
import type { TableColumn } from './table';

/** Cell texts read as missing (after trimming): empty, and the usual NA spellings of R and pandas. */
export const MISSING_TEXT = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL']);

/** A plain decimal or scientific number; hex, `Infinity` and thousands separators are not numbers here. */
const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** The number a cell text holds, NaN for a missing cell, undefined for anything else. */
export function parseNumericCell(text: string | null): number | undefined {
  if (text === null) return NaN;
  const t = text.trim();
  if (MISSING_TEXT.has(t)) return NaN;
  if (!DECIMAL.test(t)) return undefined;
  const v = Number(t);
  return Number.isFinite(v) ? v : undefined;
}

/**
 * Types a column of cell texts (null = missing): numeric when every non-missing
 * cell is a number, else text remembering its first non-numeric cell.
 */
export function columnFromText(name: string, cells: (string | null)[]): TableColumn {
  const values = new Float64Array(cells.length);
  for (let r = 0; r < cells.length; r++) {
    const v = parseNumericCell(cells[r]);
    if (v === undefined) {
      const text = cells.map((c) => (c === null || MISSING_TEXT.has(c.trim()) ? null : c));
      return { name, kind: 'string', values: text, firstNonNumeric: { row: r, text: cells[r] as string } };
    }
    values[r] = v;
  }
  return { name, kind: 'number', values };
}

/**
 * Types a column of native values from Arrow or Parquet: numbers, bigints and
 * booleans (as 0/1) are numeric, null/undefined/NaN missing; strings are typed as
 * CSV text; anything else (dates, structs) is text.
 */
export function columnFromValues(name: string, cells: ArrayLike<unknown>): TableColumn {
  const n = cells.length;
  const values = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const c = cells[r];
    if (c === null || c === undefined) values[r] = NaN;
    else if (typeof c === 'number') values[r] = c;
    else if (typeof c === 'bigint') values[r] = Number(c);
    else if (typeof c === 'boolean') values[r] = c ? 1 : 0;
    else return columnFromText(name, Array.from(cells, cellText));
  }
  return { name, kind: 'number', values };
}

function cellText(c: unknown): string | null {
  if (c === null || c === undefined) return null;
  if (typeof c === 'number' && Number.isNaN(c)) return null;
  if (c instanceof Date) return c.toISOString();
  return typeof c === 'object' ? JSON.stringify(c) : String(c);
}

/** Refuses empty and duplicate column names, naming them. */
export function checkColumnNames(names: string[], where: string): void {
  const seen = new Map<string, number>();
  const duplicates: string[] = [];
  names.forEach((name, j) => {
    if (name.trim() === '') throw new RadSweepInputError(`column ${j + 1} of the header has no name`, where);
    if (seen.has(name)) duplicates.push(`'${name}' (columns ${seen.get(name)! + 1} and ${j + 1})`);
    else seen.set(name, j);
  });
  if (duplicates.length > 0) throw new RadSweepInputError(`duplicate column names: ${duplicates.join(', ')}`, where);
}
