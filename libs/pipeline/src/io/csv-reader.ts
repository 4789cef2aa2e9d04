import { RadSweepInputError } from '@radsweep/core';
import { parseCsvRecords } from './csv-records';
import type { Table } from './table';
import { checkColumnNames, columnFromText, parseNumericCell } from './table-column';

/**
 * Reads CSV bytes (UTF-8, header row required) into a typed Table. Every row must
 * have as many cells as the header; an error names the line and both counts.
 */
export function csvTable(bytes: Uint8Array, source: string, sha256: string): Table {
  const text = new TextDecoder('utf-8').decode(bytes);
  const records = parseCsvRecords(text, source);
  if (records.length === 0) throw new RadSweepInputError('the file is empty (no header, no rows)', source);
  const header = records[0].cells.map((h) => h.trim());
  checkColumnNames(header, `${source}:${records[0].line}`);
  const isNumber = (h: string) => {
    const v = parseNumericCell(h);
    return v !== undefined && !Number.isNaN(v);
  };
  if (header.every(isNumber)) {
    throw new RadSweepInputError('the first line holds only numbers: a header row with the column names is required', `${source}:${records[0].line}`);
  }
  const rowCount = records.length - 1;
  if (rowCount === 0) throw new RadSweepInputError('the file has a header but no data rows', source);
  const p = header.length;
  const cells: string[][] = header.map(() => new Array<string>(rowCount));
  const lines = new Int32Array(rowCount);
  for (let r = 0; r < rowCount; r++) {
    const rec = records[r + 1];
    if (rec.cells.length !== p) {
      throw new RadSweepInputError(`row has ${rec.cells.length} cells, expected ${p} (as many as the header)`, `${source}:${rec.line}`);
    }
    lines[r] = rec.line;
    for (let j = 0; j < p; j++) cells[j][r] = rec.cells[j];
  }
  return {
    source,
    format: 'csv',
    sha256,
    rowCount,
    columns: header.map((name, j) => columnFromText(name, cells[j])),
    rowLabel: (row) => `${source}:${lines[row]}`,
    sourceLines: lines,
  };
}
