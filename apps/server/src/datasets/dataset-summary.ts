import { RadSweepInputError } from '@radsweep/core';
import type { Table } from '@radsweep/pipeline';
import type { DatasetColumn } from './dataset.entity';

/** Per column: its type and missing cells (NaN or null), as the dataset's summary shows them. */
export function columnSummaries(table: Table): DatasetColumn[] {
  return table.columns.map((col) => {
    let missing = 0;
    if (col.kind === 'number') {
      for (const v of col.values) if (Number.isNaN(v)) missing++;
    } else {
      for (const v of col.values) if (v === null) missing++;
    }
    return { name: col.name, kind: col.kind, missing };
  });
}

/** Count of each value of the label column (missing cells under 'missing'); refuses an unknown column. */
export function classBalance(table: Table, labelColumn: string): Record<string, number> {
  const col = table.columns.find((c) => c.name === labelColumn);
  if (!col) throw new RadSweepInputError(`label column '${labelColumn}' not found; columns: ${table.columns.slice(0, 20).map((c) => c.name).join(', ')}${table.columns.length > 20 ? ', ...' : ''}`, 'labelColumn');
  const counts: Record<string, number> = {};
  for (let r = 0; r < table.rowCount; r++) {
    const v = col.values[r];
    const key = v === null || (typeof v === 'number' && Number.isNaN(v)) ? 'missing' : String(typeof v === 'string' ? v.trim() : v);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
