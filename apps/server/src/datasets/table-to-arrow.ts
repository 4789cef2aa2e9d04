import { Table as ArrowTable, Utf8, Vector, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import type { Table } from '@radsweep/pipeline';

/**
 * A table as read by libs/pipeline/src/io, written as an Apache Arrow IPC file:
 * numeric columns Float64 (NaN kept for a missing cell), text columns Utf8 (null
 * for a missing cell). Reading it back with readTable gives the same typed
 * columns, so a run on the stored dataset sees exactly what the CLI sees on the
 * uploaded file.
 */
export function tableToArrowIpc(table: Table): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const col of table.columns) {
    vectors[col.name] = col.kind === 'number' ? makeVector(col.values) : vectorFromArray(col.values, new Utf8());
  }
  return tableToIPC(new ArrowTable(vectors), 'file');
}
