import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDataset, readTable } from '@radsweep/pipeline';
import { tableToArrowIpc } from '../../apps/server/src/datasets/table-to-arrow';
import { decodeSourceLines, encodeSourceLines } from '../../libs/pipeline/src/io/source-lines';

/** A CSV whose 10th data row (0-based 9), on file line 12 because of a quoted two-line cell, has no id. */
const CSV = ['id,label,x,note', '1,0,1.5,"two', 'lines"', ...[2, 3, 4, 5, 6, 7, 8, 9].map((i) => `${i},${i % 2},${i},`), ',1,10,', '11,0,11,'].join('\n') + '\n';

function files(): { csv: string; arrow: string } {
  const dir = mkdtempSync(join(tmpdir(), 'radsweep-lines-'));
  return { csv: join(dir, 'cohort.csv'), arrow: join(dir, 'cohort.arrow') };
}

const OPTIONS = { idColumn: 'id', labelColumn: 'label', positiveClass: 1 };

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('rows named by their file line, on the CSV and on its Arrow copy', () => {
  it('encodes lines as segments and decodes them back (refusing a wrong row count)', () => {
    const lines = Int32Array.from([2, 4, 5, 6, 9]);
    expect(encodeSourceLines(lines)).toBe('[[0,2],[1,4],[4,9]]');
    expect(decodeSourceLines(encodeSourceLines(lines), 5)).toEqual(lines);
    expect(decodeSourceLines(encodeSourceLines(lines), 3)).toBeNull();
    expect(decodeSourceLines('not json', 5)).toBeNull();
  });

  it('a bad row of an uploaded CSV is the same file line when the server reads its stored Arrow copy', async () => {
    const { csv, arrow } = files();
    writeFileSync(csv, CSV);
    const direct = await readTable(csv);
    expect(() => buildDataset(direct, OPTIONS)).toThrow(`${csv}:12`);
    writeFileSync(arrow, tableToArrowIpc(direct));
    const stored = await readTable(arrow);
    const message = errorOf(() => buildDataset(stored, OPTIONS));
    expect(message).toContain(`${arrow}:12`);
    expect(message).not.toMatch(/row \d/);
    expect(message.replace(arrow, csv)).toBe(errorOf(() => buildDataset(direct, OPTIONS)));
  });
});
