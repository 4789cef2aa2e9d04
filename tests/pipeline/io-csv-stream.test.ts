import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RadSweepInputError, Rng } from '@radsweep/core';
import { parseCsvRecords } from '../../libs/pipeline/src/io/csv-records';
import { CsvRecordSplitter } from '../../libs/pipeline/src/io/csv-record-splitter';
import { csvTable } from '../../libs/pipeline/src/io/csv-reader';
import { checkColumnNames, columnFromText } from '../../libs/pipeline/src/io/table-column';
import { sharedPath } from '../support/shared';

/**
 * The streaming CSV reader against the reader that splits the whole decoded text
 * (parseCsvRecords, the behaviour before streaming): same records, same tables,
 * same errors, wherever the chunk boundaries fall.
 */
const dir = mkdtempSync(join(tmpdir(), 'radsweep-csv-stream-'));
let fileNo = 0;
function csvFile(content: string | Uint8Array): string {
  const path = join(dir, `t${fileNo++}.csv`);
  writeFileSync(path, content);
  return path;
}

type Outcome = { records: { cells: string[]; line: number }[] } | { error: string; where: string | undefined };

function outcome(fn: () => { cells: string[]; line: number }[]): Outcome {
  try {
    return { records: fn() };
  } catch (e) {
    if (!(e instanceof RadSweepInputError)) throw e;
    return { error: e.message, where: e.where };
  }
}

function splitInChunks(bytes: Buffer, chunk: number): { cells: string[]; line: number }[] {
  const records: { cells: string[]; line: number }[] = [];
  const splitter = new CsvRecordSplitter('f.csv', (cells, line) => records.push({ cells, line }));
  for (let i = 0; i < bytes.length; i += chunk) splitter.push(bytes.subarray(i, i + chunk));
  splitter.end();
  return records;
}

/** Random bytes over the characters that matter to CSV syntax, UTF-8 text and byte-order marks. */
function randomCsvBytes(rng: Rng): Buffer {
  const pieces = [',', '"', '""', '\n', '\r\n', '\r', 'a', '12', ' ', 'é', '日', '\uFEFF', ',"x,y"', '"a\nb"', '\n\n'];
  const n = rng.int(30);
  let text = rng.next() < 0.2 ? '\uFEFF' : '';
  for (let i = 0; i < n; i++) text += pieces[rng.int(pieces.length)];
  const bytes = Buffer.from(text, 'utf8');
  // Sometimes a cut inside a multi-byte character or a mark.
  return rng.next() < 0.1 && bytes.length > 0 ? bytes.subarray(0, rng.int(bytes.length)) : bytes;
}

describe('CsvRecordSplitter (bytes in chunks) against parseCsvRecords (whole text)', () => {
  it('gives the same records or the same error for 3000 random inputs at chunk sizes 1, 2, 3, 5 and whole', () => {
    const rng = new Rng(20261203);
    for (let t = 0; t < 3000; t++) {
      const bytes = randomCsvBytes(rng);
      const expected = outcome(() => parseCsvRecords(new TextDecoder('utf-8').decode(bytes), 'f.csv'));
      for (const chunk of [1, 2, 3, 5, Math.max(1, bytes.length)]) {
        expect(outcome(() => splitInChunks(bytes, chunk)), `${JSON.stringify(bytes.toString('utf8'))} in chunks of ${chunk}`).toEqual(expected);
      }
    }
  });

  it('names the line of an unclosed quote and of text after a closing quote across chunk boundaries', () => {
    for (const chunk of [1, 4, 100]) {
      expect(outcome(() => splitInChunks(Buffer.from('id,x\r\n1,2\r\n2,"abc\r\n'), chunk))).toEqual({ error: 'f.csv:3: a quoted field is never closed (missing ")', where: 'f.csv:3' });
      expect(outcome(() => splitInChunks(Buffer.from('id,x\n1,"a\nb"zzzzzzzzzzzzzzzz\n'), chunk))).toEqual({ error: 'f.csv:3: unexpected text after a closing quote: "zzzzzzzzzz"', where: 'f.csv:3' });
    }
  });
});

/** The table the reader gave before streaming: all records first, then the header, then every row. */
function referenceTable(text: string, source: string) {
  const records = parseCsvRecords(text, source);
  const header = records[0].cells.map((h) => h.trim());
  checkColumnNames(header, `${source}:1`);
  const rows = records.slice(1);
  for (const r of rows) if (r.cells.length !== header.length) throw new RadSweepInputError(`row has ${r.cells.length} cells, expected ${header.length} (as many as the header)`, `${source}:${r.line}`);
  return {
    rowCount: rows.length,
    columns: header.map((name, j) => columnFromText(name, rows.map((r) => r.cells[j]))),
    sourceLines: Int32Array.from(rows, (r) => r.line),
  };
}

/** A CSV with numeric, text, missing and late-text columns, quoted cells and CRLF. */
function randomTableCsv(rng: Rng): string {
  const columns = 1 + rng.int(5);
  const rows = 1 + rng.int(25);
  const numbers = ['1', '-2.5', '1e3', ' 7 ', '1.50', '.25', '0'];
  const missing = ['', 'NA', 'nan', 'NULL'];
  const texts = ['abc', 'é', '"a, b"', '"say ""hi"""', '"two\r\nlines"', '"x\ny"', '0x10'];
  const kinds = Array.from({ length: columns }, () => rng.int(3)); // 0 numeric, 1 text, 2 numeric turning text late
  const lines = [Array.from({ length: columns }, (_, j) => `c${j}`).join(',')];
  for (let r = 0; r < rows; r++) {
    const cells = kinds.map((kind) => {
      // (a lone empty cell would be an empty line, which is skipped)
      if (rng.next() < 0.15) return missing[columns === 1 ? 1 + rng.int(missing.length - 1) : rng.int(missing.length)];
      if (kind === 0 || (kind === 2 && r < rows - 1)) return numbers[rng.int(numbers.length)];
      return texts[rng.int(texts.length)];
    });
    lines.push(cells.join(','));
    if (rng.next() < 0.1) lines.push('');
  }
  return lines.join(rng.next() < 0.5 ? '\n' : '\r\n') + (rng.next() < 0.5 ? '\n' : '');
}

describe('csvTable streams a file into the same table as before', () => {
  it('gives the same columns and file lines for 150 random CSVs at chunk sizes 1, 3, 7 and 64 KiB', async () => {
    const rng = new Rng(9002);
    for (let t = 0; t < 150; t++) {
      const text = randomTableCsv(rng);
      const path = csvFile(text);
      const expected = referenceTable(text, path);
      for (const chunkBytes of [1, 3, 7, 65536]) {
        const table = await csvTable(path, path, { chunkBytes });
        expect({ rowCount: table.rowCount, columns: table.columns, sourceLines: table.sourceLines }, `${JSON.stringify(text)} in chunks of ${chunkBytes}`).toEqual(expected);
      }
    }
  });

  it('reads a 140000-row file (a 4 KiB chunk boundary every ~150 rows) with a column turning text on its last row', async () => {
    const rows = Array.from({ length: 140000 }, (_, r) => `${r},${(r * 0.37).toFixed(2)},${r === 139999 ? 'late' : r % 7 === 0 ? 'NA' : r}`);
    const text = ['id,x,y', ...rows].join('\n');
    const path = csvFile(text);
    const table = await csvTable(path, path, { chunkBytes: 4093 });
    const expected = referenceTable(text, path);
    expect(table.rowCount).toBe(140000);
    expect(table.columns).toEqual(expected.columns);
    expect(table.columns.map((c) => c.kind)).toEqual(['number', 'number', 'string']);
  });

  it('reads the shared wdbc.csv as the whole-text reader does', async () => {
    const path = sharedPath('data', 'wdbc.csv');
    const { readFileSync } = await import('node:fs');
    const expected = referenceTable(new TextDecoder().decode(readFileSync(path)), path);
    const table = await csvTable(path, path, { chunkBytes: 4096 });
    expect(table.columns).toEqual(expected.columns);
    expect(table.sourceLines).toEqual(expected.sourceLines);
  });

  it('names the file line of a ragged row and reports a syntax error further on first', async () => {
    const ragged = csvFile('id,x,y\r\n1,2,3\r\n2,"a\r\nb",3\r\n3,4\r\n');
    await expect(csvTable(ragged, ragged, { chunkBytes: 2 })).rejects.toMatchObject({ where: `${ragged}:5`, message: expect.stringMatching(/row has 2 cells, expected 3/) });
    const both = csvFile('id,x\n1\n2,"open\n');
    await expect(csvTable(both, both, { chunkBytes: 3 })).rejects.toMatchObject({ where: `${both}:3`, message: expect.stringMatching(/never closed/) });
  });
});
