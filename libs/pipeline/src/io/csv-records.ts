import { RadSweepInputError } from '@radsweep/core';

/** One CSV record: its cells and the 1-based line on which it starts. */
export interface CsvRecord {
  cells: string[];
  line: number;
}

/**
 * Splits CSV text into records (RFC 4180): fields separated by `,`, records by
 * LF or CRLF; a field in double quotes may hold commas, line breaks and `""`
 * (an escaped quote). A leading byte-order mark is dropped. Lines that are
 * entirely empty are skipped (as pandas does), so a trailing newline adds no row.
 * A quote inside an unquoted field is kept as text; text after a closing quote,
 * or a quote never closed, is an error naming the line.
 */
export function parseCsvRecords(text: string, source: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (i < n) {
    const recordLine = line;
    const cells: string[] = [];
    // An empty line (LF or CRLF alone) is skipped.
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] === '\n')) {
      i += text[i] === '\r' ? 2 : 1;
      line++;
      continue;
    }
    for (;;) {
      let cell: string;
      if (text[i] === '"') {
        const startLine = line;
        let value = '';
        let j = i + 1;
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            throw new RadSweepInputError('a quoted field is never closed (missing ")', `${source}:${startLine}`);
          }
          const chunk = text.slice(j, q);
          value += chunk;
          line += countNewlines(chunk);
          if (text[q + 1] === '"') {
            value += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        const next = text[i];
        if (i < n && next !== ',' && next !== '\n' && !(next === '\r' && text[i + 1] === '\n')) {
          throw new RadSweepInputError(`unexpected text after a closing quote: ${JSON.stringify(text.slice(i, i + 10))}`, `${source}:${line}`);
        }
        cell = value;
      } else {
        let j = i;
        while (j < n && text[j] !== ',' && text[j] !== '\n' && !(text[j] === '\r' && text[j + 1] === '\n')) j++;
        cell = text.slice(i, j);
        i = j;
      }
      cells.push(cell);
      if (i < n && text[i] === ',') {
        i++;
        continue;
      }
      // End of record: a line break or the end of the text.
      if (i < n) {
        i += text[i] === '\r' ? 2 : 1;
        line++;
      }
      break;
    }
    records.push({ cells, line: recordLine });
  }
  return records;
}

function countNewlines(s: string): number {
  let c = 0;
  for (let k = s.indexOf('\n'); k >= 0; k = s.indexOf('\n', k + 1)) c++;
  return c;
}
