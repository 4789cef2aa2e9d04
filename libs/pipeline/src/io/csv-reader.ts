import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { RadSweepInputError } from '@radsweep/core';
import { CsvColumnBuilder } from './csv-column-builder';
import { CsvRecordSplitter } from './csv-record-splitter';
import type { Table } from './table';
import { checkColumnNames, parseNumericCell } from './table-column';

/** Bytes read at a time: memory is bounded by this and the typed result, not by the file size. */
const CHUNK_BYTES = 1 << 20;

/**
 * Reads a CSV file (UTF-8, header row required) into a typed Table, streaming it
 * in fixed-size chunks: cells go straight into typed columns, so peak memory is
 * about the size of the result whatever the file size. Every row must have as
 * many cells as the header; an error names the file line and both counts. A
 * syntax error anywhere in the file is reported before a header or row error, as
 * when the whole text was split first.
 */
export async function csvTable(path: string, source: string, options: { chunkBytes?: number } = {}): Promise<Table> {
  const chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
  const hash = createHash('sha256');
  // A first read counts the records, so every column is allocated once at its final size.
  let records = 0;
  await readChunks(path, chunkBytes, source, () => records++, hash, false);
  const read = new CsvRows(source, Math.max(0, records - 1));
  await readChunks(path, chunkBytes, source, (cells, line) => read.add(cells, line));
  const { columns, rowCount } = read.finish();
  const backfill = columns.filter((c) => c.backfillRows > 0);
  if (backfill.length > 0) {
    // Columns that turned text after some numbers: read their earlier cells' texts again.
    const indices = backfill.map((c) => columns.indexOf(c));
    let row = -1; // the header
    await readChunks(path, chunkBytes, source, (cells) => {
      for (let k = 0; k < backfill.length; k++) if (row >= 0 && row < backfill[k].backfillRows) backfill[k].backfill(row, cells[indices[k]]);
      row++;
    });
  }
  const sourceLines = read.lines;
  return {
    source,
    format: 'csv',
    sha256: hash.digest('hex'),
    rowCount,
    columns: columns.map((c) => c.build()),
    rowLabel: (row) => `${source}:${sourceLines[row]}`,
    sourceLines,
  };
}

/** The header and the rows as they arrive; the first header or row error is kept until the file is read. */
class CsvRows {
  columns: CsvColumnBuilder[] | null = null;
  rowCount = 0;
  readonly lines: Int32Array;
  private error: RadSweepInputError | null = null;

  constructor(
    private readonly source: string,
    private readonly capacity: number,
  ) {
    this.lines = new Int32Array(capacity);
  }

  add(cells: string[], line: number): void {
    if (this.error) return;
    if (!this.columns) {
      const header = cells.map((h) => h.trim());
      this.error = headerError(header, `${this.source}:${line}`);
      this.columns = header.map((name) => new CsvColumnBuilder(name, this.capacity));
      return;
    }
    if (cells.length !== this.columns.length) {
      this.error = new RadSweepInputError(`row has ${cells.length} cells, expected ${this.columns.length} (as many as the header)`, `${this.source}:${line}`);
      return;
    }
    if (this.rowCount === this.capacity) throw new RadSweepInputError('the file changed while it was being read', this.source);
    this.lines[this.rowCount] = line;
    for (let j = 0; j < cells.length; j++) this.columns[j].add(this.rowCount, cells[j]);
    this.rowCount++;
  }

  finish(): { columns: CsvColumnBuilder[]; rowCount: number } {
    if (!this.columns) throw new RadSweepInputError('the file is empty (no header, no rows)', this.source);
    if (this.error) throw this.error;
    if (this.rowCount !== this.capacity) throw new RadSweepInputError('the file changed while it was being read', this.source);
    if (this.rowCount === 0) throw new RadSweepInputError('the file has a header but no data rows', this.source);
    return { columns: this.columns, rowCount: this.rowCount };
  }
}

function headerError(header: string[], where: string): RadSweepInputError | null {
  try {
    checkColumnNames(header, where);
  } catch (e) {
    return e as RadSweepInputError;
  }
  const isNumber = (h: string) => {
    const v = parseNumericCell(h);
    return v !== undefined && !Number.isNaN(v);
  };
  if (header.every(isNumber)) return new RadSweepInputError('the first line holds only numbers: a header row with the column names is required', where);
  return null;
}

/** Feeds the file through a record splitter in chunks of `chunkBytes`, hashing the bytes when asked. */
async function readChunks(path: string, chunkBytes: number, source: string, onRecord: (cells: string[], line: number) => void, hash?: ReturnType<typeof createHash>, decodeCells = true): Promise<void> {
  const splitter = new CsvRecordSplitter(source, onRecord, decodeCells);
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      hash?.update(chunk);
      splitter.push(chunk);
    }
    splitter.end();
  } finally {
    await file.close();
  }
}
