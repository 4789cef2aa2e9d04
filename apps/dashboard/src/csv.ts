/** A decimal number as written by String(number) or a spreadsheet: such a cell stays as is (a negative number too). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection), tab and CR included. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 CSV cell, safe to open in a spreadsheet: text starting with
 * = + - @ tab or CR (a formula to Excel, LibreOffice, Sheets) gets a leading
 * single quote and is quoted, as OWASP recommends; a number (-0.5, 1e-3) is
 * left as is. A cell with a comma, quote or line break is quoted, quotes doubled.
 * The browser loads only apps/dashboard/src (served without a bundler), so this is a copy of the engine's
 * rule (libs/core/src/csv-cell.ts, used by the server's exports and the CLI); tests/server/csv-injection.test.ts
 * holds the two equal.
 */
export function csvCell(text: string): string {
  if (FORMULA_START.test(text) && !NUMBER.test(text)) return `"'${text.replace(/"/g, '""')}"`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A CSV file: header and rows of csvCell cells; null, undefined and NaN are empty. */
export function toCsv(header: string[], rows: (string | number | boolean | null | undefined)[][]): string {
  const cell = (v: string | number | boolean | null | undefined) => (v === null || v === undefined || (typeof v === 'number' && Number.isNaN(v)) ? '' : csvCell(String(v)));
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
