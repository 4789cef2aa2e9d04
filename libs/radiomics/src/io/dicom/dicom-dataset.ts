import { RadSweepInputError } from '@radsweep/core';

/** A DICOM tag as one number: group << 16 | element. */
export const tag = (group: number, element: number): number => ((group << 16) | element) >>> 0;

export const formatTag = (t: number): string =>
  `(${(t >>> 16).toString(16).toUpperCase().padStart(4, '0')},${(t & 0xffff).toString(16).toUpperCase().padStart(4, '0')})`;

/** One data element: its VR (null when the transfer syntax is implicit), its value bytes, and a sequence's items. */
export interface DicomElement {
  readonly vr: string | null;
  readonly value: Uint8Array;
  readonly items: DicomDataset[] | null;
}

/**
 * The elements of a DICOM data set (or of a sequence item) with typed accessors. Binary values are read
 * little endian (the only byte order the reader accepts); errors name `file` and the tag.
 */
export class DicomDataset {
  constructor(
    readonly elements: Map<number, DicomElement>,
    readonly file: string,
  ) {}

  has(t: number): boolean {
    return this.elements.has(t);
  }

  /** A text value without its padding (trailing spaces and NULs), or undefined when absent. */
  string(t: number): string | undefined {
    const e = this.elements.get(t);
    if (!e) return undefined;
    return Buffer.from(e.value).toString('latin1').replace(/[\0 ]+$/, '').trim();
  }

  /** A decimal or integer string's numbers (DS/IS, backslash separated), or undefined when absent or empty. */
  numbers(t: number): number[] | undefined {
    const s = this.string(t);
    if (s === undefined || s === '') return undefined;
    const v = s.split('\\').map((x) => Number(x.trim()));
    if (v.some((x) => !Number.isFinite(x))) throw new RadSweepInputError(`element ${formatTag(t)}: "${s}" is not a list of numbers`, this.file);
    return v;
  }

  /** An unsigned 16-bit value (US), or undefined when absent. */
  uint16(t: number): number | undefined {
    const e = this.elements.get(t);
    if (!e) return undefined;
    if (e.value.length < 2) throw new RadSweepInputError(`element ${formatTag(t)}: expected a 16-bit value, found ${e.value.length} bytes`, this.file);
    return e.value[0] | (e.value[1] << 8);
  }

  /** A sequence's items ([] when absent). */
  items(t: number): DicomDataset[] {
    return this.elements.get(t)?.items ?? [];
  }

  bytes(t: number): Uint8Array | undefined {
    return this.elements.get(t)?.value;
  }

  /** `numbers(t)` that must be present with `count` values. */
  requireNumbers(t: number, name: string, count: number): number[] {
    const v = this.numbers(t);
    if (!v || v.length !== count) {
      throw new RadSweepInputError(`${name} ${formatTag(t)} ${v ? `has ${v.length} values, expected ${count}` : 'is missing'}`, this.file);
    }
    return v;
  }

  /** `uint16(t)` that must be present. */
  requireUint16(t: number, name: string): number {
    const v = this.uint16(t);
    if (v === undefined) throw new RadSweepInputError(`${name} ${formatTag(t)} is missing`, this.file);
    return v;
  }
}
