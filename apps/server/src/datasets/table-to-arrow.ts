import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Table as ArrowTable, RecordBatchFileWriter, Utf8, Vector, makeVector, tableToIPC, vectorFromArray } from 'apache-arrow';
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
  return tableToIPC(toArrowTable(table), 'file');
}

/**
 * Writes the same Arrow IPC file as tableToArrowIpc to `path` (0600), buffer by
 * buffer (the numeric buffers are the table's own arrays), so no second copy of
 * the whole file is held in memory. Returns its sha256 and size.
 */
export async function writeArrowIpcFile(table: Table, path: string): Promise<{ sha256: string; bytes: number }> {
  const writer = RecordBatchFileWriter.writeAll(toArrowTable(table));
  const hash = createHash('sha256');
  let bytes = 0;
  const out = createWriteStream(path, { mode: 0o600 });
  const failed = once(out, 'error').then(([e]) => Promise.reject(e as Error));
  failed.catch(() => undefined);
  for await (const chunk of writer) {
    hash.update(chunk);
    bytes += chunk.byteLength;
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), failed]);
  }
  out.end();
  await Promise.race([once(out, 'close'), failed]);
  return { sha256: hash.digest('hex'), bytes };
}

function toArrowTable(table: Table): ArrowTable {
  const vectors: Record<string, Vector> = {};
  for (const col of table.columns) {
    vectors[col.name] = col.kind === 'number' ? makeVector(col.values) : vectorFromArray(col.values, new Utf8());
  }
  const arrow = new ArrowTable(vectors);
  if (table.sourceLines) arrow.schema.metadata.set(SOURCE_LINES_KEY, encodeSourceLines(table.sourceLines));
  return arrow;
}
