/**
 * A data file read into typed columns. Numeric columns are Float64Array with NaN
 * for a missing cell; a column with any non-numeric, non-empty cell stays text
 * and remembers where its first non-numeric cell is, so errors can name it.
 */
export type TableColumn =
  | { name: string; kind: 'number'; values: Float64Array }
  | { name: string; kind: 'string'; values: (string | null)[]; firstNonNumeric: { row: number; text: string } };

export interface Table {
  /** The file it came from (as given). */
  source: string;
  format: 'csv' | 'arrow' | 'parquet';
  /** sha256 of the file's bytes, hex. */
  sha256: string;
  rowCount: number;
  columns: TableColumn[];
  /**
   * For a CSV, the 1-based line of data row i is rowLine(i) (header is line 1);
   * for Arrow/Parquet, the 0-based row index (the file line when the Arrow file was
   * converted from a CSV and kept its lines: source-lines.ts). Used in error messages.
   */
  rowLabel(row: number): string;
  /** The source file line of each row, when the table came from a CSV (kept by conversions to Arrow). */
  sourceLines?: Int32Array;
}
