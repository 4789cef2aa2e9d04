/**
 * What the upload box shows before anything is sent: the first rows of a CSV file parsed in the browser, the
 * columns that look like the patient id and the label, the label's class balance and the missing cells per
 * column. A guess to check, not a decision: the server reads the whole file again when it is uploaded.
 */

/** Cells the engine reads as missing (libs/pipeline/src/io/table-column.ts MISSING_TEXT; tests hold the two equal). */
export const MISSING_TEXT = new Set(['', 'NA', 'N/A', 'NaN', 'nan', 'null', 'NULL']);

export interface CsvPreview {
  delimiter: string;
  header: string[];
  rows: string[][];
  /** True when the rows are the whole file, false when only its beginning was read. */
  complete: boolean;
}

/** The delimiter of the header line: the one of , ; tab that occurs most outside quotes (comma on a tie). */
export function detectDelimiter(firstLine: string): string {
  let best = ',';
  let bestCount = -1;
  for (const d of [',', ';', '\t']) {
    let count = 0;
    let quoted = false;
    for (const ch of firstLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === d && !quoted) count++;
    }
    if (count > bestCount) [best, bestCount] = [d, count];
  }
  return best;
}

/**
 * Parses RFC 4180 CSV text (quoted cells, doubled quotes, CRLF or LF) into a header and at most `maxRows` rows.
 * `complete` false: the text is the file's beginning only, so a last line without its line break may be cut and
 * is left out. A row whose cell count differs from the header's is an error naming its line.
 */
export function parseCsvPreview(text: string, maxRows: number, complete = true): CsvPreview {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text; // a spreadsheet's byte-order mark
  const firstBreak = body.search(/\r?\n/);
  const delimiter = detectDelimiter(firstBreak < 0 ? body : body.slice(0, firstBreak));
  const records: { cells: string[]; line: number; ended: boolean }[] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let startLine = 1;
  let i = 0;
  const endRecord = (ended: boolean) => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) records.push({ cells, line: startLine, ended }); // blank lines are skipped
    cells = [];
    cell = '';
    startLine = line;
  };
  for (; i < body.length && records.length <= maxRows; i++) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"' && body[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === '\n') line++;
        cell += ch;
      }
    } else if (ch === '"' && cell === '') quoted = true;
    else if (ch === delimiter) {
      cells.push(cell);
      cell = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && body[i + 1] === '\n') i++;
      line++;
      endRecord(true);
    } else cell += ch;
  }
  if (i >= body.length && (cell !== '' || cells.length)) endRecord(false);
  if (!records.length) throw new Error('the file is empty: expected a header line with the column names');
  const [head, ...rest] = records;
  const rows = rest.filter((r) => r.ended || complete).slice(0, maxRows);
  const header = head.cells.map((c) => c.trim());
  header.forEach((name, k) => {
    if (!name) throw new Error(`line 1: column ${k + 1} has no name`);
    if (header.indexOf(name) !== k) throw new Error(`line 1: column name '${name}' appears twice (columns ${header.indexOf(name) + 1} and ${k + 1})`);
  });
  for (const r of rows) {
    if (r.cells.length !== header.length) throw new Error(`line ${r.line}: ${r.cells.length} cells, the header has ${header.length} columns`);
  }
  return { delimiter, header, rows: rows.map((r) => r.cells), complete: complete && i >= body.length && rows.length === rest.length };
}

export const isMissing = (cell: string) => MISSING_TEXT.has(cell.trim());

/** Missing cells of each column, in header order. */
export function missingPerColumn(p: CsvPreview): { column: string; missing: number }[] {
  return p.header.map((column, k) => ({ column, missing: p.rows.reduce((n, r) => n + (isMissing(r[k]) ? 1 : 0), 0) }));
}

const ID_NAME = /^(id|patient[ _-]?id|case[ _-]?id|subject[ _-]?id|study[ _-]?id|record[ _-]?id|mrn|patient|case|subject)$/i;
const LABEL_NAME = /^(label|target|outcome|class|y|diagnosis|response|status|event)$/i;

function distinct(p: CsvPreview, k: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of p.rows) {
    const v = r[k].trim();
    if (!isMissing(v)) counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  return counts;
}

/**
 * The patient id column: one named like an id (id, patient_id, case_id, ...) whose values are unique and never
 * missing; else the first column of unique, never missing, non-numeric values; null when none is.
 */
export function detectIdColumn(p: CsvPreview): string | null {
  const unique = (k: number) => p.rows.length > 0 && distinct(p, k).size === p.rows.length;
  const named = p.header.findIndex((c, k) => ID_NAME.test(c) && unique(k));
  if (named >= 0) return p.header[named];
  const textual = p.header.findIndex((_c, k) => unique(k) && p.rows.some((r) => Number.isNaN(Number(r[k]))));
  return textual >= 0 ? p.header[textual] : null;
}

/**
 * The label column: one named like a label (label, target, outcome, class, ...) with two values; else the first
 * column with exactly two distinct values that is not the id; null when none is.
 */
export function detectLabelColumn(p: CsvPreview, idColumn: string | null = detectIdColumn(p)): string | null {
  const binary = (k: number) => distinct(p, k).size === 2 && p.header[k] !== idColumn;
  const named = p.header.findIndex((c, k) => LABEL_NAME.test(c) && binary(k));
  if (named >= 0) return p.header[named];
  const first = p.header.findIndex((_c, k) => binary(k));
  return first >= 0 ? p.header[first] : null;
}

export interface ClassBalance {
  column: string;
  classes: { value: string; count: number; share: number }[];
  missing: number;
}

/** Counts of each value of a column (most frequent first, ties by value) with their share of the non-missing cells. */
export function classBalance(p: CsvPreview, column: string): ClassBalance {
  const k = p.header.indexOf(column);
  if (k < 0) throw new Error(`no column '${column}' in the file (columns: ${p.header.join(', ')})`);
  const counts = distinct(p, k);
  const present = [...counts.values()].reduce((a, b) => a + b, 0);
  const classes = [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([value, count]) => ({ value, count, share: present ? count / present : 0 }));
  return { column, classes, missing: p.rows.length - present };
}
