import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { seriesFolderFiles } from '../io/dicom/series-files';

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** First line of a folder listing, which marks a stored blob as a listing rather than a file. */
export const FOLDER_LISTING_HEADER = 'radsweep folder listing v1';

/**
 * A folder's content as text: the header line, then `<sha256>  <name>` per file, sorted by name (sha256sum's
 * format). Its sha256 stands for the folder (a DICOM series) wherever a file's sha256 is recorded, and the
 * same files give the same listing whether they come from a server folder or an uploaded archive.
 */
export function folderListing(files: ReadonlyArray<{ name: string; sha256: string }>): string {
  const lines = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).map((f) => `${f.sha256}  ${f.name}`);
  return `${FOLDER_LISTING_HEADER}\n${lines.join('\n')}\n`;
}

/** The files of a listing, or null when `text` is not one. */
export function parseFolderListing(text: string): Array<{ name: string; sha256: string }> | null {
  const lines = text.split('\n');
  if (lines[0] !== FOLDER_LISTING_HEADER) return null;
  const files: Array<{ name: string; sha256: string }> = [];
  for (const line of lines.slice(1)) {
    if (line === '') continue;
    const m = /^([0-9a-f]{64}) {2}([^/\\]+)$/.exec(line);
    if (!m || m[2] === '..' || m[2] === '.') return null;
    files.push({ sha256: m[1], name: m[2] });
  }
  return files;
}

/** The sha256 of a case's input: a file's bytes, or a folder's listing (its series files, see seriesFolderFiles). */
export function inputSha256(path: string): string {
  if (!statSync(path).isDirectory()) return sha256(readFileSync(path));
  return sha256(folderListing(seriesFolderFiles(path).map((name) => ({ name, sha256: sha256(readFileSync(join(path, name))) }))));
}
