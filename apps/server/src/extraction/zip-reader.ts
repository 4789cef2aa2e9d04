import { crc32, inflateRawSync } from 'node:zlib';
import { RadSweepInputError } from '@radsweep/core';
import type { TarFile as ArchiveFile } from './tar-reader';

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const STORED = 0;
const DEFLATE = 8;
const UNIX_HOST = 3;
const S_IFMT = 0o170000;
const S_IFREG = 0o100000;
const S_IFDIR = 0o040000;

/**
 * The regular files of a zip archive, found through its central directory (so streamed archives with data
 * descriptors read too): stored and deflated entries (node:zlib inflateRaw), each checked against its CRC-32
 * and size. Folders are skipped; a link or special file, an absolute name or one with a `..` segment, an
 * encrypted entry, another compression method and zip64 archives are refused naming the entry or `archive`.
 * Names lose a leading `./`.
 */
export function readZip(bytes: Uint8Array, archive: string): ArchiveFile[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = findEndRecord(view, archive);
  const count = view.getUint16(end + 10, true);
  const dirSize = view.getUint32(end + 12, true);
  const dirOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || dirSize === 0xffffffff || dirOffset === 0xffffffff) {
    throw new RadSweepInputError('zip64 archives (over 4 GB or 65,535 entries) are not supported; use .tar.gz', archive);
  }
  if (dirOffset + dirSize > end) throw new RadSweepInputError('the central directory lies outside the archive (truncated or damaged)', archive);
  const files: ArchiveFile[] = [];
  let at = dirOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || view.getUint32(at, true) !== CENTRAL) throw new RadSweepInputError(`central directory entry ${i + 1} at byte ${at} is damaged`, archive);
    const madeBy = view.getUint16(at + 4, true) >> 8;
    const flags = view.getUint16(at + 8, true);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const packedSize = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const entryEnd = at + 46 + nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const mode = view.getUint32(at + 38, true) >>> 16;
    const localOffset = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    at = entryEnd;
    const where = `${archive}: ${name}`;
    // Unix file type bits, when the writer set them (Python's zipfile may leave them 0: a plain file)
    const type = madeBy === UNIX_HOST ? mode & S_IFMT : 0;
    if (name.endsWith('/') || type === S_IFDIR) continue; // folder
    if (type !== 0 && type !== S_IFREG) {
      throw new RadSweepInputError('a link or special file is not accepted; archive the files themselves', where);
    }
    const clean = name.replace(/^(\.\/)+/, '');
    const parts = clean.split(/[\\/]/);
    if (clean.startsWith('/') || clean.startsWith('\\') || /^[A-Za-z]:/.test(clean) || parts.includes('..')) {
      throw new RadSweepInputError("entry names may not be absolute or contain '..'", where);
    }
    if (flags & 1) throw new RadSweepInputError('encrypted entries are not supported', where);
    if (size === 0xffffffff || packedSize === 0xffffffff || localOffset === 0xffffffff) throw new RadSweepInputError('zip64 entries are not supported; use .tar.gz', where);
    files.push({ name: clean, data: entryData(bytes, view, { localOffset, packedSize, size, method, crc }, where) });
  }
  return files;
}

/** The end of central directory record's offset (it ends the file, before a comment of up to 65,535 bytes). */
function findEndRecord(view: DataView, archive: string): number {
  for (let at = view.byteLength - 22; at >= Math.max(0, view.byteLength - 22 - 0xffff); at--) {
    if (view.getUint32(at, true) === EOCD) return at;
  }
  throw new RadSweepInputError('not a zip archive, or a truncated one (no end of central directory record)', archive);
}

/** An entry's bytes, inflated when deflated, checked against the central directory's size and CRC-32. */
function entryData(
  bytes: Uint8Array,
  view: DataView,
  entry: { localOffset: number; packedSize: number; size: number; method: number; crc: number },
  where: string,
): Uint8Array {
  const { localOffset, packedSize, size, method, crc } = entry;
  if (localOffset + 30 > bytes.length || view.getUint32(localOffset, true) !== LOCAL) throw new RadSweepInputError(`no local header at byte ${localOffset} (damaged archive)`, where);
  const start = localOffset + 30 + view.getUint16(localOffset + 26, true) + view.getUint16(localOffset + 28, true);
  if (start + packedSize > bytes.length) throw new RadSweepInputError('the entry is cut short (the archive is truncated)', where);
  const packed = bytes.subarray(start, start + packedSize);
  let data: Uint8Array;
  if (method === STORED) data = packed;
  else if (method === DEFLATE) {
    try {
      // the declared size bounds the output: a "zip bomb" cannot grow past it
      data = inflateRawSync(packed, { maxOutputLength: Math.max(1, size) });
    } catch (e) {
      throw new RadSweepInputError(`cannot inflate the entry (${(e as Error).message})`, where);
    }
  } else throw new RadSweepInputError(`compression method ${method} is not supported (stored and deflate are)`, where);
  if (data.length !== size) throw new RadSweepInputError(`the entry holds ${data.length} bytes where the archive says ${size}`, where);
  if (crc32(data) >>> 0 !== crc) throw new RadSweepInputError('CRC-32 mismatch: the entry is damaged', where);
  return data;
}
