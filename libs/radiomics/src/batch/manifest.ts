import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';
import { parseCsvRecords } from '@radsweep/pipeline';

/** One case of an extraction manifest: image and mask paths (resolved), its label, and the other columns as text. */
export interface ManifestCase {
  readonly id: string;
  readonly image: string;
  readonly mask: string;
  /** The row's label, when the manifest has a `label` column with a value. */
  readonly label: number | null;
  /** Other columns (clinical data to join), by name. */
  readonly extra: Readonly<Record<string, string>>;
}

/**
 * Reads a manifest CSV with columns `id`, `image`, `mask`, optionally `label`, and any others (kept as text
 * and written beside the features). Relative paths are relative to the manifest's folder.
 */
export function readManifest(file: string): { cases: ManifestCase[]; extraColumns: string[] } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new RadSweepInputError(`cannot read the manifest (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, file);
  }
  return parseManifest(text, dirname(resolve(file)), file);
}

/**
 * A manifest's text (see readManifest): image and mask paths resolved against `folder`, messages naming
 * `where` (the manifest as the user knows it) and the line. `checkPath` sees each image and mask path as
 * written (before it is resolved) and may refuse it by throwing (the server refuses `..` and absolute paths).
 */
export function parseManifest(
  text: string,
  folder: string,
  where: string,
  checkPath?: (path: string, where: string) => void,
): { cases: ManifestCase[]; extraColumns: string[] } {
  const file = where;
  const records = parseCsvRecords(text, file);
  if (records.length === 0) throw new RadSweepInputError('the manifest is empty', file);
  const header = records[0].cells.map((c) => c.trim());
  for (const required of ['id', 'image', 'mask']) {
    if (!header.includes(required)) throw new RadSweepInputError(`the manifest has no "${required}" column (columns: ${header.join(', ')})`, file);
  }
  const extraColumns = header.filter((h) => !['id', 'image', 'mask', 'label'].includes(h));
  const seen = new Set<string>();
  const cases = records.slice(1).map((r) => {
    const cell = (name: string) => r.cells[header.indexOf(name)]?.trim() ?? '';
    const where = `${file}:${r.line}`;
    const id = cell('id');
    if (id === '') throw new RadSweepInputError('empty id', where);
    if (seen.has(id)) throw new RadSweepInputError(`duplicate id "${id}"`, where);
    seen.add(id);
    const labelText = header.includes('label') ? cell('label') : '';
    const label = labelText === '' ? null : Number(labelText);
    if (label !== null && !Number.isInteger(label)) throw new RadSweepInputError(`label "${labelText}" is not an integer`, where);
    if (cell('image') === '' || cell('mask') === '') throw new RadSweepInputError('empty image or mask path', where);
    checkPath?.(cell('image'), `${where}: image`);
    checkPath?.(cell('mask'), `${where}: mask`);
    return {
      id,
      image: resolve(folder, cell('image')),
      mask: resolve(folder, cell('mask')),
      label,
      extra: Object.fromEntries(extraColumns.map((c) => [c, cell(c)])),
    };
  });
  return { cases, extraColumns };
}
