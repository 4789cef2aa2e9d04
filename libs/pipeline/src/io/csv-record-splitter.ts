import { RadSweepInputError } from '@radsweep/core';

const COMMA = 0x2c;
const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const BOM = [0xef, 0xbb, 0xbf];

/** Where the splitter is between two bytes. */
const enum State {
  RecordStart,
  RecordStartCr,
  CellStart,
  Unquoted,
  UnquotedCr,
  Quoted,
  QuotedQuote,
  AfterQuoteCr,
  ErrorTail,
}

/** Bytes kept after a closing quote for the error message (10 characters of up to 4 bytes). */
const ERROR_TAIL_BYTES = 40;

/**
 * Splits CSV bytes fed in chunks of any size into records, with exactly the rules
 * of parseCsvRecords (csv-records.ts): RFC 4180 quotes, LF or CRLF, empty lines
 * skipped, a leading byte-order mark dropped, and the same errors naming the file
 * line. Works on bytes (`,` `"` CR LF never occur inside a UTF-8 sequence) and
 * decodes each cell on its own, so no string longer than a cell is ever built and
 * memory stays bounded by the longest record, whatever the file size.
 */
export class CsvRecordSplitter {
  private state = State.RecordStart;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 1;
  private cells: string[] = [];
  /** Bytes of the current cell carried over from earlier chunks or escapes. */
  private carry = Buffer.allocUnsafe(256);
  private carryLength = 0;
  /** Start in the current chunk of the cell bytes not yet copied to `carry`, or -1. */
  private segment = -1;
  private closedCell = '';
  private bomBytesSeen = 0;
  private started = false;

  constructor(
    private readonly source: string,
    private readonly onRecord: (cells: string[], line: number) => void,
    /** False to only count records: cells are given as '' (no text decoded). */
    private readonly decodeCells = true,
  ) {}

  push(chunk: Buffer): void {
    let i = this.started ? 0 : this.skipByteOrderMarks(chunk);
    const n = chunk.length;
    // A cell that ran to the end of the last chunk goes on here.
    if (this.state === State.Unquoted || this.state === State.Quoted) this.segment = i;
    for (; i < n; i++) {
      const b = chunk[i];
      switch (this.state) {
        case State.RecordStart:
          if (b === LF) this.line++;
          else if (b === CR) this.state = State.RecordStartCr;
          else {
            this.recordLine = this.line;
            this.state = State.CellStart;
            i--; // the byte starts the first cell
          }
          break;
        case State.RecordStartCr:
          if (b === LF) {
            this.line++;
            this.state = State.RecordStart;
          } else {
            // A lone CR starts an unquoted cell.
            this.recordLine = this.line;
            this.append(CR);
            this.segment = i;
            this.state = State.Unquoted;
            i--;
          }
          break;
        case State.CellStart:
          if (b === QUOTE) {
            this.quoteLine = this.line;
            this.segment = i + 1;
            this.state = State.Quoted;
          } else {
            this.segment = i;
            this.state = State.Unquoted;
            i--;
          }
          break;
        case State.Unquoted:
          if (b === COMMA) {
            this.cells.push(this.takeCell(chunk, i));
            this.state = State.CellStart;
          } else if (b === LF) {
            this.cells.push(this.takeCell(chunk, i));
            this.endRecord();
          } else if (b === CR) {
            this.flush(chunk, i);
            this.state = State.UnquotedCr;
          }
          break;
        case State.UnquotedCr:
          if (b === LF) {
            this.cells.push(this.takeCell(chunk, i));
            this.endRecord();
          } else {
            this.append(CR);
            this.segment = i;
            this.state = State.Unquoted;
            i--;
          }
          break;
        case State.Quoted:
          if (b === QUOTE) {
            this.flush(chunk, i);
            this.state = State.QuotedQuote;
          } else if (b === LF) this.line++;
          break;
        case State.QuotedQuote:
          if (b === QUOTE) {
            this.segment = i; // an escaped quote: keep one
            this.state = State.Quoted;
            break;
          }
          this.closedCell = this.takeCell(chunk, i);
          if (b === COMMA) {
            this.cells.push(this.closedCell);
            this.state = State.CellStart;
          } else if (b === LF) {
            this.cells.push(this.closedCell);
            this.endRecord();
          } else if (b === CR) this.state = State.AfterQuoteCr;
          else this.startErrorTail(b);
          break;
        case State.AfterQuoteCr:
          if (b === LF) {
            this.cells.push(this.closedCell);
            this.endRecord();
          } else {
            this.startErrorTail(CR);
            i--;
          }
          break;
        case State.ErrorTail:
          this.append(b);
          if (this.carryLength >= ERROR_TAIL_BYTES) this.throwAfterQuote();
          break;
      }
    }
    this.flush(chunk, n);
  }

  /** Ends the input: the last record needs no line break; an open quote is an error. */
  end(): void {
    if (!this.started) this.startAfterMarks();
    switch (this.state) {
      case State.RecordStart:
        return;
      case State.RecordStartCr:
        this.recordLine = this.line;
        this.append(CR);
        this.cells.push(this.takeCell(Buffer.alloc(0), 0));
        break;
      case State.CellStart:
      case State.Unquoted:
        this.cells.push(this.takeCell(Buffer.alloc(0), 0));
        break;
      case State.UnquotedCr:
        this.append(CR);
        this.cells.push(this.takeCell(Buffer.alloc(0), 0));
        break;
      case State.Quoted:
        throw new RadSweepInputError('a quoted field is never closed (missing ")', `${this.source}:${this.quoteLine}`);
      case State.QuotedQuote:
        this.cells.push(this.takeCell(Buffer.alloc(0), 0));
        break;
      case State.AfterQuoteCr:
        this.startErrorTail(CR);
        this.throwAfterQuote();
        break;
      case State.ErrorTail:
        this.throwAfterQuote();
    }
    this.onRecord(this.cells, this.recordLine);
    this.cells = [];
    this.state = State.RecordStart;
  }

  /** Drops up to two leading byte-order marks (TextDecoder drops one, parseCsvRecords another). */
  private skipByteOrderMarks(chunk: Buffer): number {
    let i = 0;
    while (i < chunk.length && this.bomBytesSeen < 6 && chunk[i] === BOM[this.bomBytesSeen % 3]) {
      i++;
      this.bomBytesSeen++;
    }
    if (i < chunk.length || this.bomBytesSeen === 6) this.startAfterMarks();
    return i;
  }

  /** Starts the text; a partial mark is text, so its bytes begin the first cell. */
  private startAfterMarks(): void {
    this.started = true;
    const partial = this.bomBytesSeen % 3;
    if (partial === 0) return;
    this.recordLine = this.line;
    this.state = State.Unquoted;
    for (let k = 0; k < partial; k++) this.append(BOM[k]);
  }

  private endRecord(): void {
    this.onRecord(this.cells, this.recordLine);
    this.cells = [];
    this.line++;
    this.state = State.RecordStart;
  }

  private append(byte: number): void {
    if (this.carryLength === this.carry.length) this.grow(1);
    this.carry[this.carryLength++] = byte;
  }

  private grow(extra: number): void {
    const next = Buffer.allocUnsafe(Math.max(this.carry.length * 2, this.carryLength + extra));
    this.carry.copy(next, 0, 0, this.carryLength);
    this.carry = next;
  }

  /** Copies the pending cell bytes chunk[segment, end) to `carry`. */
  private flush(chunk: Buffer, end: number): void {
    if (this.segment < 0) return;
    const length = end - this.segment;
    if (this.carryLength + length > this.carry.length) this.grow(length);
    chunk.copy(this.carry, this.carryLength, this.segment, end);
    this.carryLength += length;
    this.segment = -1;
  }

  private takeCell(chunk: Buffer, end: number): string {
    let cell = '';
    if (!this.decodeCells) this.segment = -1;
    else if (this.carryLength === 0 && this.segment >= 0) cell = chunk.toString('utf8', this.segment, end);
    else {
      this.flush(chunk, end);
      cell = this.carry.toString('utf8', 0, this.carryLength);
    }
    this.carryLength = 0;
    this.segment = -1;
    return cell;
  }

  private startErrorTail(first: number): void {
    this.carryLength = 0;
    this.segment = -1;
    this.append(first);
    this.state = State.ErrorTail;
    if (this.carryLength >= ERROR_TAIL_BYTES) this.throwAfterQuote();
  }

  private throwAfterQuote(): never {
    const text = this.carry.toString('utf8', 0, this.carryLength).slice(0, 10);
    throw new RadSweepInputError(`unexpected text after a closing quote: ${JSON.stringify(text)}`, `${this.source}:${this.line}`);
  }
}
