import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join, posix, relative } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';
import { FOLDER_LISTING_HEADER, folderListing, isSeriesFileName, parseManifest } from '@radsweep/radiomics';
import { checkPathText, resolveInsideRoots } from './image-roots';
import { readArchive } from './read-archive';

/** One case as an extraction stores it before it runs. */
export interface PlannedCase {
  caseId: string;
  label: number | null;
  extra: Record<string, string>;
  /** Image and mask as named in the folder or archive. */
  image: string;
  mask: string;
  /** A folder's files: real paths inside an allowed root. */
  imagePath: string | null;
  maskPath: string | null;
  /** An archive's files: their sha256, a folder's (a DICOM series) that of its listing (null: not in the archive; the case fails saying so). */
  imageSha256: string | null;
  maskSha256: string | null;
}

export interface CaseSource {
  /** The folder's real path or the archive's file name. */
  location: string;
  cases: PlannedCase[];
  extraColumns: string[];
  /** An archive's image and mask files: sha256 -> a 0600 copy in the job's folder (stored before the cases are queued). */
  files: Record<string, string>;
}

const DEFAULT_MANIFEST = 'manifest.csv';

/** A manifest path (the manifest's own, or a case's file): relative, without `..` (400 naming it). */
function checkRelative(path: string, where: string): void {
  checkPathText(path, where);
  if (isAbsolute(path) || /^[A-Za-z]:[\\/]/.test(path)) throw new RadSweepInputError(`'${path}' must be relative to the manifest's folder`, where);
}

/**
 * The cases of a server-side folder: `folder` absolute and inside an allowed root, its manifest and every
 * case's image and mask relative (no `..`) and, links resolved, still inside an allowed root (else 403).
 */
export function folderCases(folder: string, manifest: string | undefined, roots: readonly string[]): CaseSource {
  checkPathText(folder, 'folder');
  if (!isAbsolute(folder)) throw new RadSweepInputError(`'${folder}' must be an absolute folder on the server`, 'folder');
  const dir = resolveInsideRoots(folder, roots, 'folder').real;
  const manifestName = manifest ?? DEFAULT_MANIFEST;
  checkRelative(manifestName, 'manifest');
  const manifestPath = resolveInsideRoots(join(dir, manifestName), roots, 'manifest').real;
  let text: string;
  try {
    text = readFileSync(manifestPath, 'utf8');
  } catch (e) {
    throw new RadSweepInputError(`cannot read the manifest (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, `${folder}: ${manifestName}`);
  }
  const { cases, extraColumns } = parseManifest(text, posix.dirname(manifestPath), manifestName, checkRelative);
  return {
    location: dir,
    extraColumns,
    files: {},
    cases: cases.map((c) => {
      const image = resolveInsideRoots(c.image, roots, `case ${c.id}: image`).real;
      const mask = resolveInsideRoots(c.mask, roots, `case ${c.id}: mask`).real;
      return { caseId: c.id, label: c.label, extra: { ...c.extra }, image: relative(dir, image), mask: relative(dir, mask), imagePath: image, maskPath: mask, imageSha256: null, maskSha256: null };
    }),
  };
}

/**
 * The cases of an uploaded archive (.zip, .tar, .tar.gz, .tgz): its manifest (`manifest`, or manifest.csv, or
 * its only .csv file) and the entries the cases name, relative to the manifest's folder in the archive (no
 * `..`, not absolute). A case's image may name a folder of the archive (a DICOM series): its files directly
 * inside (see isSeriesFileName) are kept, and the folder stands as their listing (folderListing), stored like
 * a file. Each file is written to `filesDir` under its sha256; a case whose file is missing from the archive
 * fails when it runs. Plain data in and out: it runs in a request-work thread (offload-jobs.ts).
 */
export function archiveCases(job: { path: string; fileName: string; manifest?: string; filesDir: string }): CaseSource {
  const { path, fileName, manifest, filesDir } = job;
  const entries = new Map(readArchive(readFileSync(path), fileName).map((f) => [f.name, f.data]));
  let manifestName = manifest ?? DEFAULT_MANIFEST;
  checkRelative(manifestName, 'manifest');
  if (manifest === undefined && !entries.has(manifestName)) {
    const csvs = [...entries.keys()].filter((n) => n.toLowerCase().endsWith('.csv'));
    if (csvs.length === 1) manifestName = csvs[0];
  }
  const manifestBytes = entries.get(manifestName);
  if (!manifestBytes) throw new RadSweepInputError(`the archive has no manifest '${manifestName}' (name it with 'manifest')`, fileName);
  const manifestDir = posix.dirname(manifestName);
  const where = `${fileName}: ${manifestName}`;
  const { cases, extraColumns } = parseManifest(new TextDecoder().decode(manifestBytes), posix.join('/', manifestDir), where, checkRelative);
  const files: Record<string, string> = {};
  const store = (data: Uint8Array) => {
    const sha = createHash('sha256').update(data).digest('hex');
    if (!files[sha]) {
      files[sha] = join(filesDir, sha);
      writeFileSync(files[sha], data, { mode: 0o600 });
    }
    return sha;
  };
  const keep = (name: string) => {
    const data = entries.get(name);
    if (data) {
      // a stored listing is read back as a folder: only the server writes one (no upload can pass a file off as it)
      if (Buffer.from(data.subarray(0, FOLDER_LISTING_HEADER.length)).toString('latin1') === FOLDER_LISTING_HEADER) {
        throw new RadSweepInputError('this file looks like a RadSweep folder listing, which an archive may not hold', `${fileName}: ${name}`);
      }
      return store(data);
    }
    const prefix = `${name}/`;
    const inFolder = [...entries].filter(([n]) => n.startsWith(prefix) && !n.slice(prefix.length).includes('/') && isSeriesFileName(n.slice(prefix.length)));
    if (inFolder.length === 0) return null;
    return store(Buffer.from(folderListing(inFolder.map(([n, d]) => ({ name: n.slice(prefix.length), sha256: store(d) })))));
  };
  return {
    location: basename(fileName),
    extraColumns,
    files,
    cases: cases.map((c) => {
      const image = c.image.replace(/^\//, '').replace(/\/+$/, '');
      const mask = c.mask.replace(/^\//, '').replace(/\/+$/, '');
      return { caseId: c.id, label: c.label, extra: { ...c.extra }, image, mask, imagePath: null, maskPath: null, imageSha256: keep(image), maskSha256: keep(mask) };
    }),
  };
}
