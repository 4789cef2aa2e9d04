import type { TableColumn } from './table';
import { MISSING_TEXT, parseNumericCell } from './table-column';

/**
 * One CSV column typed as its cells arrive, with the rule of columnFromText:
 * numbers go into a Float64Array of the file's row count (counted by a first
 * read, so it is never grown or copied; NaN for a missing cell) until the first
 * non-numeric cell turns the column to text. The texts of the rows before it were
 * not kept (that would cost the text's size for every numeric column), so such a
 * column asks for them again (`backfillRows`) on a second read of the file.
 */
export class CsvColumnBuilder {
  private numbers: Float64Array | null;
  private texts: (string | null)[] | null = null;
  private firstNonNumeric: { row: number; text: string } | null = null;

  constructor(
    readonly name: string,
    rowCount: number,
  ) {
    this.numbers = new Float64Array(rowCount);
  }

  add(row: number, cell: string): void {
    if (this.numbers) {
      const v = parseNumericCell(cell);
      if (v !== undefined) {
        this.numbers[row] = v;
        return;
      }
      this.numbers = null;
      this.texts = new Array<string | null>(row).fill(null);
      this.firstNonNumeric = { row, text: cell };
    }
    this.texts!.push(textOrMissing(cell));
  }

  /** Rows whose texts the second read must supply (those read as numbers before the column turned text). */
  get backfillRows(): number {
    return this.firstNonNumeric?.row ?? 0;
  }

  backfill(row: number, cell: string): void {
    this.texts![row] = textOrMissing(cell);
  }

  build(): TableColumn {
    if (this.numbers) return { name: this.name, kind: 'number', values: this.numbers };
    return { name: this.name, kind: 'string', values: this.texts!, firstNonNumeric: this.firstNonNumeric! };
  }
}

function textOrMissing(cell: string): string | null {
  return MISSING_TEXT.has(cell.trim()) ? null : cell;
}
