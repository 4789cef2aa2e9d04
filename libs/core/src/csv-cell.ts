/** A decimal number as written by String(number) or a spreadsheet: such a cell stays as is (a negative number too). */
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** First characters that make a spreadsheet read a cell as a formula (OWASP CSV injection), tab and CR included. */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One RFC 4180 CSV cell, safe to open in a spreadsheet: text starting with
 * = + - @ tab or CR (a formula to Excel, LibreOffice, Sheets) gets a leading
 * single quote and is quoted, as OWASP recommends; a number (-0.5, 1e-3) is
 * left as is. A cell with a comma, quote or line break is quoted, quotes doubled.
 * Every CSV the engine side writes (the server's exports, `radsweep extract`) uses this one. The browser
 * loads only apps/dashboard/src (no bundler), so the dashboard keeps a copy (apps/dashboard/src/csv.ts),
 * held equal to this one by tests/server/csv-injection.test.ts.
 */
export function csvCell(text: string): string {
  if (FORMULA_START.test(text) && !NUMBER.test(text)) return `"'${text.replace(/"/g, '""')}"`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
