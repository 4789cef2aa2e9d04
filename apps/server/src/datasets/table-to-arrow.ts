import { Table as ArrowTable, Utf8, Vector, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
import { SOURCE_LINES_KEY, Table, encodeSourceLines } from '@radsweep/pipeline';

/**
 * A table as read by libs/pipeline/src/io, written as an Apache Arrow IPC file:
 * numeric columns Float64 (NaN kept for a missing cell), text columns Utf8 (null
 * for a missing cell). Reading it back with readTable gives the same typed
 * columns, so a run on the stored dataset sees exactly what the CLI sees on the
 * uploaded file. A CSV's file line of each row goes along in the schema's
 * metadata, so errors on the stored dataset name rows as the CLI does (file:line).
 */
export function tableToArrowIpc(table: Table): Uint8Array {
  const vectors: Record<string, Vector> = {};
  for (const col of table.columns) {
    vectors[col.name] = col.kind === 'number' ? makeVector(col.values) : vectorFromArray(col.values, new Utf8());
  }
  const arrow = new ArrowTable(vectors);
  if (table.sourceLines) arrow.schema.metadata.set(SOURCE_LINES_KEY, encodeSourceLines(table.sourceLines));
  return tableToIPC(arrow, 'file');
}
