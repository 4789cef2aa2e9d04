import { mkdirSync, openSync, readSync, closeSync, renameSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { FOLDER_LISTING_HEADER, parseFolderListing } from '@radsweep/radiomics';
import { readChunks } from '../datasets/dataset-chunks';

/** The first bytes of `file` as text (enough to tell a folder listing from an image). */
function head(file: string, length: number): string {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(length);
    return buf.toString('latin1', 0, readSync(fd, buf, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

/**
 * Writes an archive case's input stored under `sha256` to `local`: a file as it was uploaded, or, when the
 * stored bytes are a folder listing (a DICOM series, see archiveCases), a folder `local` holding each listed
 * file. Every blob is checked against its sha256; returns null, or what went wrong.
 */
export async function fetchStoredInput(db: DataSource, sha256: string, local: string): Promise<string | null> {
  const blob = `${local}.stored`;
  if ((await readChunks(db, sha256, blob)) !== sha256) return 'the stored bytes do not match their sha256';
  if (head(blob, FOLDER_LISTING_HEADER.length) !== FOLDER_LISTING_HEADER) {
    renameSync(blob, local);
    return null;
  }
  const files = parseFolderListing(await readFile(blob, 'utf8'));
  if (!files) return 'the stored folder listing is damaged';
  mkdirSync(local, { mode: 0o700 });
  for (const f of files) {
    if ((await readChunks(db, f.sha256, join(local, f.name))) !== f.sha256) return `${f.name}: the stored bytes do not match their sha256`;
  }
  return null;
}
