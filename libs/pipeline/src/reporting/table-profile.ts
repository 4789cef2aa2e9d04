import type { Table } from '../io/table';
import type { DataProfile } from './study-facts';

/** Missing cells (NaN or empty) per column of a table, for a checklist's missing-data item. */
export function tableProfile(table: Table): DataProfile {
  return {
    columns: table.columns.map((col) => {
      let missing = 0;
      for (const v of col.values) if (v === null || (typeof v === 'number' && Number.isNaN(v))) missing++;
      return { name: col.name, missing };
    }),
  };
}
