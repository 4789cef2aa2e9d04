import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MISSING_TEXT as ENGINE_MISSING } from '../../libs/pipeline/src/io/table-column';
import { classBalance, detectDelimiter, detectIdColumn, detectLabelColumn, MISSING_TEXT, missingPerColumn, parseCsvPreview } from '../../apps/dashboard/src/csv-preview';
import { WDBC } from '../server/support/api';

describe('upload preview: CSV parsed in the browser', () => {
  it('WDBC: id and label detected, class balance 212 malignant / 357 benign (the UCI data set\'s counts), no missing cell', () => {
    const p = parseCsvPreview(readFileSync(WDBC, 'utf8'), 10_000);
    expect(p.complete).toBe(true);
    expect(p.rows).toHaveLength(569);
    expect(p.header.slice(0, 3)).toEqual(['id', 'label', 'mean_radius']);
    expect(detectIdColumn(p)).toBe('id');
    expect(detectLabelColumn(p)).toBe('label');
    const balance = classBalance(p, 'label');
    expect(balance.classes.map((c) => [c.value, c.count])).toEqual([['0', 357], ['1', 212]]);
    expect(balance.classes[1].share).toBeCloseTo(212 / 569, 12);
    expect(balance.missing).toBe(0);
    expect(missingPerColumn(p).every((c) => c.missing === 0)).toBe(true);
  });

  it('only the first rows: a cut last line is left out and the preview says it is partial', () => {
    const text = readFileSync(WDBC, 'utf8');
    const head = text.slice(0, 20_000); // ends mid-row
    const p = parseCsvPreview(head, 10_000, false);
    expect(p.complete).toBe(false);
    const wholeLines = head.split('\n').length - 2; // header and the cut line
    expect(p.rows).toHaveLength(wholeLines);
    expect(p.rows.at(-1)).toEqual(text.split('\n')[wholeLines].split(','));
    const capped = parseCsvPreview(text, 50);
    expect(capped.rows).toHaveLength(50);
    expect(capped.complete).toBe(false);
  });

  it('quoted cells, doubled quotes, CRLF, semicolons, a byte-order mark; missing cells counted as the engine reads them', () => {
    const text = '\ufeffpatient_id;grade;outcome;note\r\n"p;1";2;yes;"said ""hi"""\r\np2;NA;no;\r\np3;;yes;"two\nlines"\r\np4;3;NA;x\r\n';
    const p = parseCsvPreview(text, 100);
    expect(p.delimiter).toBe(';');
    expect(p.header).toEqual(['patient_id', 'grade', 'outcome', 'note']);
    expect(p.rows[0]).toEqual(['p;1', '2', 'yes', 'said "hi"']);
    expect(p.rows[2][3]).toBe('two\nlines');
    expect(missingPerColumn(p)).toEqual([
      { column: 'patient_id', missing: 0 },
      { column: 'grade', missing: 2 },
      { column: 'outcome', missing: 1 },
      { column: 'note', missing: 1 },
    ]);
    expect(detectIdColumn(p)).toBe('patient_id');
    expect(detectLabelColumn(p)).toBe('outcome');
    expect(classBalance(p, 'outcome')).toEqual({ column: 'outcome', classes: [{ value: 'yes', count: 2, share: 2 / 3 }, { value: 'no', count: 1, share: 1 / 3 }], missing: 1 });
    expect(detectDelimiter('a\tb\tc,d')).toBe('\t');
    expect([...MISSING_TEXT].sort()).toEqual([...ENGINE_MISSING].sort());
  });

  it('no id- or label-like column: null, never a guess from a numeric or many-valued column', () => {
    const p = parseCsvPreview('x,y\n1,0.5\n2,0.7\n3,0.1\n', 10);
    expect(detectIdColumn(p)).toBeNull(); // unique but numeric and not named like an id
    expect(detectLabelColumn(p)).toBeNull();
    expect(() => classBalance(p, 'label')).toThrow("no column 'label' in the file (columns: x, y)");
  });

  it('broken files: a clear error naming the line', () => {
    expect(() => parseCsvPreview('a,b\n1,2\n3\n', 10)).toThrow('line 3: 1 cells, the header has 2 columns');
    expect(() => parseCsvPreview('a,,c\n1,2,3\n', 10)).toThrow('line 1: column 2 has no name');
    expect(() => parseCsvPreview('a,b,a\n1,2,3\n', 10)).toThrow("line 1: column name 'a' appears twice (columns 1 and 3)");
    expect(() => parseCsvPreview('', 10)).toThrow('the file is empty');
  });
});
