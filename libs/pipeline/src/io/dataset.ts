/**
 * A table read for one study: row ids, the binary label (1 = the positive class)
 * and the candidate feature columns. Built by `buildDataset`.
 */
export interface Dataset {
  /** The file it came from (as given). */
  source: string;
  /** sha256 of the file's bytes, hex. */
  sha256: string;
  /** Row ids as text, unique, in file order. */
  ids: string[];
  /** 1 where the label equals the positive class, else 0. */
  label: Uint8Array;
  /** Number of rows with label 1. */
  positives: number;
  /** Numeric candidate feature columns (NaN = missing), file order; id and label excluded. */
  columns: Map<string, Float64Array>;
  /** Names of `columns`, in file order. */
  columnOrder: string[];
  /**
   * Candidate columns that are not numeric, with their first non-numeric cell
   * (`where` is file:line), so that selecting one can say why it cannot be used.
   */
  nonNumeric: Map<string, { where: string; text: string }>;
  /** Every candidate column (numeric or not), file order: what feature patterns match against. */
  candidateOrder: string[];
  /** The id and label columns (survival: time and event columns): never features, so excluding them is allowed and changes nothing. */
  keyColumns?: string[];
  /** Where row i is, for messages: `file:line` for CSV, `file: row i` otherwise. */
  rowLabel(row: number): string;
}
