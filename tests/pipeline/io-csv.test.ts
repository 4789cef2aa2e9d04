import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RadSweepInputError } from '@radsweep/core';
import { readTable } from '../../libs/pipeline/src/io';
import { readJson, sharedPath } from '../support/shared';

const dir = mkdtempSync(join(tmpdir(), 'radsweep-io-csv-'));
let fileNo = 0;
function csvFile(content: string | Uint8Array, ext = '.csv'): string {
  const path = join(dir, `t${fileNo++}${ext}`);
  writeFileSync(path, content);
  return path;
}

async function inputError(path: string): Promise<RadSweepInputError> {
  const err = await readTable(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(RadSweepInputError);
  return err as RadSweepInputError;
}

describe('readTable: CSV', () => {
  it('reads the shared wdbc.csv with the sha256 recorded by the scikit-learn reference', async () => {
    const t = await readTable(sharedPath('data', 'wdbc.csv'));
    expect(t.sha256).toBe(readJson('reference', 'wdbc-sweep.json').csv_sha256);
    expect(t.rowCount).toBe(569);
    expect(t.columns).toHaveLength(32);
    expect(t.columns.every((c) => c.kind === 'number')).toBe(true);
    expect(t.format).toBe('csv');
  });

  it('handles quotes, escaped quotes, embedded commas and line breaks, CRLF and a BOM', async () => {
    const text = '\uFEFFid,name,x\r\n1,"Smith, J.",1.5\r\n2,"say ""hi""",-2e-3\r\n3,"two\r\nlines",.25\r\n4,plain,7\r\n';
    const path = csvFile(text);
    const t = await readTable(path);
    expect(t.columns.map((c) => c.name)).toEqual(['id', 'name', 'x']);
    const name = t.columns[1];
    expect(name.kind).toBe('string');
    if (name.kind === 'string') {
      expect(name.values).toEqual(['Smith, J.', 'say "hi"', 'two\r\nlines', 'plain']);
      expect(name.firstNonNumeric).toEqual({ row: 0, text: 'Smith, J.' });
    }
    const x = t.columns[2];
    expect(x.kind === 'number' && Array.from(x.values)).toEqual([1.5, -0.002, 0.25, 7]);
    // Row 3 starts on line 4 and spans two lines, so row 4 is on line 6.
    expect(t.rowLabel(2)).toBe(`${path}:4`);
    expect(t.rowLabel(3)).toBe(`${path}:6`);
    expect(t.sha256).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
  });

  it('reads empty cells and NA / NaN text as missing, and keeps a text column text', async () => {
    const t = await readTable(csvFile('a,b,c\n1,,x\nNA,2,\nNaN,3,7\n'));
    const [a, b, c] = t.columns;
    expect(a.kind === 'number' && Array.from(a.values)).toEqual([1, NaN, NaN]);
    expect(b.kind === 'number' && Array.from(b.values)).toEqual([NaN, 2, 3]);
    expect(c.kind).toBe('string');
    if (c.kind === 'string') {
      expect(c.values).toEqual(['x', null, '7']);
      expect(c.firstNonNumeric).toEqual({ row: 0, text: 'x' });
    }
  });

  it('does not take hex, Infinity or thousands separators for numbers', async () => {
    for (const cell of ['0x10', 'Infinity', '1,000']) {
      const t = await readTable(csvFile(`v\n1\n"${cell}"\n`));
      expect(t.columns[0].kind).toBe('string');
    }
  });

  it('names a missing file, an empty file and a header without rows', async () => {
    expect((await inputError(join(dir, 'absent.csv'))).message).toMatch(/absent\.csv: file not found/);
    expect((await inputError(csvFile(''))).message).toMatch(/empty/);
    expect((await inputError(csvFile('\uFEFF\n'))).message).toMatch(/empty/);
    expect((await inputError(csvFile('id,label\n'))).message).toMatch(/header but no data rows/);
  });

  it('refuses a file without a header row', async () => {
    const path = csvFile('1,0,2.5\n2,1,3.5\n');
    const err = await inputError(path);
    expect(err.where).toBe(`${path}:1`);
    expect(err.message).toMatch(/header row with the column names is required/);
  });

  it('refuses duplicate and empty column names', async () => {
    const dup = await inputError(csvFile('id,x,y,x\n1,2,3,4\n'));
    expect(dup.message).toMatch(/duplicate column names: 'x' \(columns 2 and 4\)/);
    expect((await inputError(csvFile('id,,y\n1,2,3\n'))).message).toMatch(/column 2 of the header has no name/);
  });

  it('names the line and both cell counts of a ragged row', async () => {
    const path = csvFile('id,x,y\n1,2,3\n2,"a\nb",3\n3,4\n');
    const err = await inputError(path);
    expect(err.where).toBe(`${path}:5`);
    expect(err.message).toMatch(/row has 2 cells, expected 3/);
  });

  it('names the line of an unclosed quote and of text after a closing quote', async () => {
    const open = csvFile('id,x\n1,2\n2,"abc\n');
    expect((await inputError(open)).where).toBe(`${open}:3`);
    const after = csvFile('id,x\n1,"2"z\n');
    expect((await inputError(after)).message).toMatch(/after a closing quote/);
  });

  it('refuses an unsupported extension', async () => {
    expect((await inputError(csvFile('a\n1\n', '.xlsx'))).message).toMatch(/unsupported file type '\.xlsx'/);
  });
});
