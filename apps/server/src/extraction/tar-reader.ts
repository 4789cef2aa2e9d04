import { gunzipSync } from 'node:zlib';
import { RadSweepInputError } from '@radsweep/core';

/** One regular file of a tar archive: its normalised name and its bytes (a view into the archive). */
export interface TarFile {
  readonly name: string;
  readonly data: Uint8Array;
}

const BLOCK = 512;

/**
 * The regular files of a tar archive (POSIX ustar, GNU long names, pax `path` records), gunzipped first when
 * it starts with gzip's magic bytes (.tar.gz / .tgz). Folders are skipped; a link, a device or a name that is
 * absolute or has a `..` segment is refused, naming the entry; a truncated archive or a bad header checksum
 * is refused naming `archive`. Names lose a leading `./`.
 */
export function readTar(bytes: Uint8Array, archive: string): TarFile[] {
  let tar = bytes;
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) {
    try {
      tar = gunzipSync(bytes);
    } catch (e) {
      throw new RadSweepInputError(`cannot decompress the archive (${(e as Error).message}); it may be truncated`, archive);
    }
  }
  const files: TarFile[] = [];
  let longName: string | null = null;
  let paxPath: string | null = null;
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const header = tar.subarray(at, at + BLOCK);
    if (header.every((b) => b === 0)) break; // end of archive
    if (checksum(header) !== octal(header, 148, 8)) throw new RadSweepInputError(`entry header at byte ${at}: bad checksum (not a tar archive, or damaged)`, archive);
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 0x30);
    const start = at + BLOCK;
    if (start + size > tar.length) throw new RadSweepInputError(`entry at byte ${at} is cut short (the archive is truncated)`, archive);
    const data = tar.subarray(start, start + size);
    at = start + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L') {
      longName = text(data, 0, data.length);
      continue;
    }
    if (type === 'x') {
      paxPath = paxRecord(data, 'path');
      continue;
    }
    if (type === 'g') continue; // global pax header
    const prefix = text(header, 345, 155);
    const name = paxPath ?? longName ?? (prefix ? `${prefix}/${text(header, 0, 100)}` : text(header, 0, 100));
    longName = paxPath = null;
    if (type === '5') continue; // folder
    const where = `${archive}: ${name}`;
    if (type !== '0' && type !== '7') throw new RadSweepInputError(`entry type '${type}' (a link or special file) is not accepted; archive the files themselves`, where);
    const clean = name.replace(/^(\.\/)+/, '');
    if (clean.startsWith('/') || clean.split('/').includes('..')) throw new RadSweepInputError("entry names may not be absolute or contain '..'", where);
    files.push({ name: clean, data });
  }
  return files;
}

function text(block: Uint8Array, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return new TextDecoder().decode(end < 0 ? field : field.subarray(0, end));
}

function octal(block: Uint8Array, offset: number, length: number): number {
  const s = text(block, offset, length).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

/** The header's checksum: the sum of its bytes with the checksum field counted as spaces. */
function checksum(header: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : header[i];
  return sum;
}

/** A pax extended header's record `key` ("<length> key=value\n" records). */
function paxRecord(data: Uint8Array, key: string): string | null {
  const body = new TextDecoder().decode(data);
  for (const line of body.split('\n')) {
    const m = /^\d+ ([^=]+)=(.*)$/.exec(line);
    if (m && m[1] === key) return m[2];
  }
  return null;
}
