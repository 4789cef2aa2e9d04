import { existsSync, readFileSync, statSync } from 'node:fs';
import { RadSweepInputError } from '@radsweep/core';

function readTextFile(path: string, shown: string, what: string): string {
  if (!existsSync(path)) throw new RadSweepInputError(`${what} not found`, shown);
  if (statSync(path).isDirectory()) throw new RadSweepInputError(`is a directory, expected ${what}`, shown);
  return readFileSync(path, 'utf8');
}

/** A file of patient ids, one per line; blank lines and `#` comments are skipped. */
export function readIdList(path: string, shown: string): string[] {
  const ids: string[] = [];
  const seen = new Map<string, number>();
  readTextFile(path, shown, 'test-id file')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const id = raw.trim();
      if (id === '' || id.startsWith('#')) return;
      const first = seen.get(id);
      if (first !== undefined) throw new RadSweepInputError(`id '${id}' listed twice (first on line ${first})`, `${shown}:${i + 1}`);
      seen.set(id, i + 1);
      ids.push(id);
    });
  if (ids.length === 0) throw new RadSweepInputError('test-id file lists no ids', shown);
  return ids;
}

/**
 * A fold assignment: CSV with a header `id,fold` and one row per training patient;
 * folds are integers >= 0.
 */
export function readFoldAssignment(path: string, shown: string): Map<string, number> {
  const lines = readTextFile(path, shown, 'fold-assignment file').split(/\r?\n/);
  const header = lines[0].split(',').map((h) => h.trim());
  if (header.length !== 2 || header[0] !== 'id' || header[1] !== 'fold') {
    throw new RadSweepInputError(`expected the header 'id,fold', got '${lines[0]}'`, `${shown}:1`);
  }
  const foldOfId = new Map<string, number>();
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',').map((c) => c.trim());
    const at = `${shown}:${i + 1}`;
    if (cells.length !== 2) throw new RadSweepInputError(`expected 2 cells (id,fold), got ${cells.length}`, at);
    const fold = Number(cells[1]);
    if (cells[1] === '' || !Number.isInteger(fold) || fold < 0) throw new RadSweepInputError(`fold must be an integer >= 0, got '${cells[1]}'`, at);
    if (foldOfId.has(cells[0])) throw new RadSweepInputError(`id '${cells[0]}' assigned twice`, at);
    foldOfId.set(cells[0], fold);
  }
  if (foldOfId.size === 0) throw new RadSweepInputError('fold-assignment file has a header but no rows', shown);
  return foldOfId;
}
