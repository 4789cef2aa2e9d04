import { RadSweepInputError } from '@radsweep/core';
import { SOURCE_LINES_KEY, decodeSourceLines } from './source-lines';
import type { Table } from './table';
import { checkColumnNames, columnFromValues } from './table-column';

/** Reads Apache Arrow IPC bytes (file or stream format; .arrow, .feather v2, .ipc) into a typed Table. */
export function arrowTable(bytes: Uint8Array, source: string, sha256: string): Table {
  // Loaded here, not at import: apache-arrow is ~150 modules (~0.06 s) that a CSV run and the engine's threads never use.
  const { tableFromIPC } = require('apache-arrow') as typeof import('apache-arrow');
  let arrow;
  try {
    arrow = tableFromIPC(bytes);
  } catch (e) {
    throw new RadSweepInputError(`not a readable Apache Arrow IPC file: ${(e as Error).message}`, source);
  }
  const names = arrow.schema.fields.map((f) => f.name);
  if (names.length === 0) throw new RadSweepInputError('the Arrow file has no columns', source);
  checkColumnNames(names, source);
  const rowCount = arrow.numRows;
  if (rowCount === 0) throw new RadSweepInputError('the Arrow file has columns but no rows', source);
  const columns = names.map((name, j) => {
    const vector = arrow.getChildAt(j)!;
    const cells = new Array<unknown>(rowCount);
    for (let r = 0; r < rowCount; r++) cells[r] = vector.get(r);
    return columnFromValues(name, cells);
  });
  const kept = arrow.schema.metadata.get(SOURCE_LINES_KEY);
  const lines = kept === undefined ? null : decodeSourceLines(kept, rowCount);
  if (lines) return { source, format: 'arrow', sha256, rowCount, columns, rowLabel: (row) => `${source}:${lines[row]}`, sourceLines: lines };
  return { source, format: 'arrow', sha256, rowCount, columns, rowLabel: (row) => `${source}: row ${row}` };
}
