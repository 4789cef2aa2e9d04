import { RadSweepInputError } from '@radsweep/core';

/** At most 10 ids, quoted, for an error message. */
function listIds(ids: readonly string[]): string {
  const shown = ids.slice(0, 10).map((id) => JSON.stringify(id)).join(', ');
  return ids.length > 10 ? `${shown}, ...` : shown;
}

function duplicatesOf(ids: readonly string[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const id of ids) (seen.has(id) ? dup : seen).add(id);
  return [...dup];
}

function rowOfId(ids: readonly string[], where: string): Map<string, number> {
  const dup = duplicatesOf(ids);
  if (dup.length > 0) throw new RadSweepInputError(`${dup.length} patient id(s) occur more than once in the data: ${listIds(dup)}`, where);
  return new Map(ids.map((id, i) => [id, i]));
}

/**
 * A holdout fixed by a list of test ids (e.g. a reference's test patients). `train` and
 * `test` are ascending row indices; `testSplitOrder` keeps the list's order and
 * `trainSplitOrder` is ascending. Unknown or repeated test ids, an empty test set or an
 * empty training set are input errors naming `where`.
 */
export function holdoutFromIds(ids: readonly string[], testIds: readonly string[], where: string) {
  const rowOf = rowOfId(ids, where);
  const dup = duplicatesOf(testIds);
  if (dup.length > 0) throw new RadSweepInputError(`${dup.length} test id(s) are listed more than once: ${listIds(dup)}`, where);
  const unknown = testIds.filter((id) => !rowOf.has(id));
  if (unknown.length > 0) throw new RadSweepInputError(`${unknown.length} test id(s) are not in the data: ${listIds(unknown)}`, where);
  if (testIds.length === 0) throw new RadSweepInputError('the test id list is empty', where);
  if (testIds.length === ids.length) throw new RadSweepInputError(`all ${ids.length} patients are test ids; no training rows are left`, where);
  const testSplitOrder = Int32Array.from(testIds, (id) => rowOf.get(id)!);
  const isTest = new Uint8Array(ids.length);
  for (const r of testSplitOrder) isTest[r] = 1;
  const train = new Int32Array(ids.length - testIds.length);
  let k = 0;
  for (let i = 0; i < ids.length; i++) if (!isTest[i]) train[k++] = i;
  return { train, test: Int32Array.from(testSplitOrder).sort(), trainSplitOrder: train, testSplitOrder };
}

/**
 * An explicit fold assignment (e.g. to reproduce a reference's CV folds): the fold of
 * each of `ids` from `foldOfId`. Folds must be integers 0..k-1, each used at least once.
 * A missing id, an id of the assignment that is not among `ids` (e.g. a test patient,
 * which must never be in a CV fold) or a bad fold number is an input error naming `where`.
 */
export function foldsFromAssignment(ids: readonly string[], foldOfId: ReadonlyMap<string, number>, where: string): Int32Array {
  const rowOf = rowOfId(ids, where);
  const missing = ids.filter((id) => !foldOfId.has(id));
  if (missing.length > 0) throw new RadSweepInputError(`${missing.length} training id(s) have no fold: ${listIds(missing)}`, where);
  const extra = [...foldOfId.keys()].filter((id) => !rowOf.has(id));
  if (extra.length > 0) throw new RadSweepInputError(`${extra.length} id(s) of the fold assignment are not training rows: ${listIds(extra)}`, where);
  const folds = Int32Array.from(ids, (id) => {
    const f = foldOfId.get(id)!;
    if (!Number.isInteger(f) || f < 0) throw new RadSweepInputError(`fold of id ${JSON.stringify(id)} must be a non-negative integer, got ${f}`, where);
    return f;
  });
  const k = Math.max(...folds) + 1;
  const used = new Uint8Array(k);
  for (const f of folds) used[f] = 1;
  const empty = [...used.keys()].filter((f) => !used[f]);
  if (k < 2 || empty.length > 0) {
    throw new RadSweepInputError(`folds must be numbered 0..k-1 with k >= 2 and none empty; got ${k} fold number(s)${empty.length ? `, empty: ${empty.join(', ')}` : ''}`, where);
  }
  return folds;
}
