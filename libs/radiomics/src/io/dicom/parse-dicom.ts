import { inflateRawSync } from 'node:zlib';
import { RadSweepInputError } from '@radsweep/core';
import { DicomDataset, formatTag, tag, type DicomElement } from './dicom-dataset';
import { SEQUENCE_TAGS, TAGS } from './dicom-tags';
import { READABLE_TRANSFER_SYNTAXES, transferSyntaxName } from './transfer-syntax';

/** Explicit-VR VRs whose length is 4 bytes after 2 reserved ones (PS3.5 7.1.2). */
const LONG_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'SQ', 'SV', 'UC', 'UN', 'UR', 'UT', 'UV']);
const UNDEFINED = 0xffffffff;
const ITEM = tag(0xfffe, 0xe000);
const ITEM_END = tag(0xfffe, 0xe00d);
const SEQUENCE_END = tag(0xfffe, 0xe0dd);

/** True when `bytes` look like a DICOM Part 10 file (the "DICM" marker after the 128-byte preamble). */
export function hasDicomMarker(bytes: Uint8Array): boolean {
  return bytes.length >= 132 && bytes[128] === 0x44 && bytes[129] === 0x49 && bytes[130] === 0x43 && bytes[131] === 0x4d;
}

/**
 * Parses a DICOM Part 10 file: its file meta group (explicit VR little endian) and its data set in the
 * transfer syntax the meta group names: implicit or explicit VR little endian, or deflated explicit VR.
 * Compressed (encapsulated) pixel data and big endian are refused naming the syntax; a truncated file or an
 * element running past the end is refused naming `file` and the byte offset.
 */
export function parseDicom(bytes: Uint8Array, file: string): { dataset: DicomDataset; transferSyntax: string } {
  if (!hasDicomMarker(bytes)) throw new RadSweepInputError('not a DICOM Part 10 file (no "DICM" marker at byte 128)', file);
  const meta = new Parser(bytes, file, true);
  meta.pos = 132;
  const metaElements = new Map<number, DicomElement>();
  while (meta.pos + 4 <= bytes.length && meta.peekGroup() === 0x0002) {
    const [t, element] = meta.element();
    metaElements.set(t, element);
  }
  const metaSet = new DicomDataset(metaElements, file);
  const uid = metaSet.string(TAGS.TransferSyntaxUID);
  if (!uid) throw new RadSweepInputError('the file meta group has no TransferSyntaxUID (0002,0010)', file);
  const syntax = READABLE_TRANSFER_SYNTAXES[uid];
  if (!syntax) {
    throw new RadSweepInputError(
      `transfer syntax ${transferSyntaxName(uid)} is not supported: compressed or big-endian pixel data cannot be read; ` +
        'convert the series to Explicit or Implicit VR Little Endian (e.g. gdcmconv --raw or dcmdjpeg)',
      file,
    );
  }
  let body = bytes.subarray(meta.pos);
  if (syntax.deflated) {
    try {
      body = inflateRawSync(body);
    } catch (e) {
      throw new RadSweepInputError(`cannot inflate the deflated data set (${(e as Error).message}); the file may be truncated`, file);
    }
  }
  const parser = new Parser(body, file, syntax.explicitVr);
  const elements = parser.elements(body.length, null);
  for (const [t, e] of metaElements) elements.set(t, e);
  return { dataset: new DicomDataset(elements, file), transferSyntax: uid };
}

/** A cursor over a little-endian data set. */
class Parser {
  pos = 0;
  private readonly view: DataView;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly file: string,
    private readonly explicitVr: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  peekGroup(): number {
    return this.view.getUint16(this.pos, true);
  }

  private need(n: number, what: string): void {
    if (this.pos + n > this.bytes.length) {
      throw new RadSweepInputError(`truncated file: ${what} at byte ${this.pos} needs ${n} bytes, ${this.bytes.length - this.pos} left`, this.file);
    }
  }

  private readTag(): number {
    this.need(4, 'an element tag');
    const t = tag(this.view.getUint16(this.pos, true), this.view.getUint16(this.pos + 2, true));
    this.pos += 4;
    return t;
  }

  /** Elements until `end` (a byte position) or, when `stopTag` is given, until that delimiter. */
  elements(end: number, stopTag: number | null): Map<number, DicomElement> {
    const out = new Map<number, DicomElement>();
    while (this.pos < end) {
      if (stopTag !== null && this.pos + 8 <= this.bytes.length) {
        const t = tag(this.view.getUint16(this.pos, true), this.view.getUint16(this.pos + 2, true));
        if (t === stopTag) {
          this.pos += 8;
          return out;
        }
      }
      // Trailing padding (some writers end a file with zero bytes) is not an element.
      if (stopTag === null && end - this.pos < 8 && this.bytes.subarray(this.pos, end).every((b) => b === 0)) break;
      const [t, e] = this.element();
      out.set(t, e);
    }
    if (stopTag !== null) throw new RadSweepInputError(`truncated file: an item or sequence of undefined length has no delimiter`, this.file);
    return out;
  }

  /** The element at the cursor, the cursor moved past it. */
  element(): [number, DicomElement] {
    const t = this.readTag();
    let vr: string | null = null;
    let length: number;
    if (this.explicitVr) {
      this.need(4, `element ${formatTag(t)}'s header`);
      vr = String.fromCharCode(this.bytes[this.pos], this.bytes[this.pos + 1]);
      if (!/^[A-Z]{2}$/.test(vr)) throw new RadSweepInputError(`element ${formatTag(t)} at byte ${this.pos - 4}: "${vr}" is not a VR (damaged file, or not explicit VR)`, this.file);
      if (LONG_VRS.has(vr)) {
        this.need(8, `element ${formatTag(t)}'s length`);
        length = this.view.getUint32(this.pos + 4, true);
        this.pos += 8;
      } else {
        length = this.view.getUint16(this.pos + 2, true);
        this.pos += 4;
      }
    } else {
      this.need(4, `element ${formatTag(t)}'s length`);
      length = this.view.getUint32(this.pos, true);
      this.pos += 4;
    }
    if (length === UNDEFINED) {
      if (t === TAGS.PixelData) throw new RadSweepInputError('encapsulated (compressed) pixel data is not supported', this.file);
      // A sequence (SQ, or UN / implicit VR of undefined length, which PS3.5 says is implicit VR inside).
      const inner = vr === 'UN' ? new Parser(this.bytes, this.file, false) : this;
      inner.pos = this.pos;
      const items = inner.items(null);
      this.pos = inner.pos;
      return [t, { vr, value: new Uint8Array(0), items }];
    }
    this.need(length, `element ${formatTag(t)}'s value of ${length} bytes`);
    const start = this.pos;
    const value = this.bytes.subarray(start, start + length);
    const isSequence = vr === 'SQ' || (vr === null && (SEQUENCE_TAGS.has(t) || (t !== TAGS.PixelData && this.startsWithItem(start, length))));
    if (isSequence) {
      const items = this.items(start + length);
      this.pos = start + length;
      return [t, { vr, value, items }];
    }
    this.pos = start + length;
    return [t, { vr, value, items: null }];
  }

  /** An implicit-VR value that begins with an item tag is a sequence (the dictionary-free test pydicom also makes). */
  private startsWithItem(start: number, length: number): boolean {
    return length >= 8 && this.view.getUint16(start, true) === 0xfffe && this.view.getUint16(start + 2, true) === 0xe000;
  }

  /** A sequence's items until `end`, or until the sequence delimiter when `end` is null. */
  private items(end: number | null): DicomDataset[] {
    const items: DicomDataset[] = [];
    for (;;) {
      if (end !== null && this.pos >= end) return items;
      const t = this.readTag();
      this.need(4, 'an item length');
      const length = this.view.getUint32(this.pos, true);
      this.pos += 4;
      if (t === SEQUENCE_END) return items;
      if (t !== ITEM) throw new RadSweepInputError(`expected a sequence item at byte ${this.pos - 8}, found ${formatTag(t)} (damaged file)`, this.file);
      if (length === UNDEFINED) items.push(new DicomDataset(this.elements(this.bytes.length, ITEM_END), this.file));
      else {
        this.need(length, `an item of ${length} bytes`);
        const itemEnd = this.pos + length;
        items.push(new DicomDataset(this.elements(itemEnd, null), this.file));
        this.pos = itemEnd;
      }
    }
  }
}
