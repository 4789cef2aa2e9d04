import type { TableColumn } from './table';
import { MISSING_TEXT, parseNumericCell } from './table-column';

/** Values per block: numbers are kept in fixed blocks, copied once into an exact array at the end. */
const BLOCK = 65536;

/**
 * One CSV column typed as its cells arrive, with the rule of columnFromText:
 * numbers go into fixed-size Float64Array blocks (NaN for a missing cell; no
 * doubling, so the column takes its size plus at most one block) until the first
 * non-numeric cell turns the column to text. The texts of the rows before it were
 * not kept (that would cost the text's size for every numeric column), so such a
 * column asks for them again (`backfillRows`) on a second read of the file.
 */
export class CsvColumnBuilder {
  private numbers: Float64Array[] | null = [];
  private texts: (string | null)[] | null = null;
  private firstNonNumeric: { row: number; text: string } | null = null;

  constructor(readonly name: string) {}

  add(row: number, cell: string): void {
    if (this.numbers) {
      const v = parseNumericCell(cell);
      if (v !== undefined) {
        if (row % BLOCK === 0) this.numbers.push(new Float64Array(BLOCK));
        this.numbers[this.numbers.length - 1][row % BLOCK] = v;
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

  build(rowCount: number): TableColumn {
    if (this.numbers) {
      const values = new Float64Array(rowCount);
      this.numbers.forEach((block, b) => values.set(block.subarray(0, Math.min(BLOCK, rowCount - b * BLOCK)), b * BLOCK));
      this.numbers = null; // the blocks can go before the next column is built
      return { name: this.name, kind: 'number', values };
    }
    return { name: this.name, kind: 'string', values: this.texts!, firstNonNumeric: this.firstNonNumeric! };
  }
}

function textOrMissing(cell: string): string | null {
  return MISSING_TEXT.has(cell.trim()) ? null : cell;
}
