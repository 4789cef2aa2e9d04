import { registerThreadCache, sameBytes } from '@radsweep/core';
/**
 * Sorted orders of whole-data nodes, shared by every `NodeRowSorter` built on the same feature
 * values (the fits of one fold: a grid's configurations, every stage of a booster).
 *
 * A node holding all n rows in a known order (the root, rows 0..n-1 in order, then each feature's
 * sorted order in turn) sorts feature f into the feature's sorted order with only its tied rows'
 * order left open, and that order is a function of the rows' order before the sort alone. So the
 * introsort's result for "previous state, feature f" is stored as the tied rows' order, and a
 * later sort from the same state takes it instead of running the introsort again.
 * Keys are exact: the feature values must be bit-identical to be shared (compared in full).
 */
export type FullNodeMemo = Map<string, Int32Array>;

/** Entries per data set at most (each a few tied rows): bounds memory on odd data. */
export const FULL_NODE_MEMO_ENTRIES = 50_000;
/** Data sets remembered per thread, most recent first. */
const DATA_SETS = 4;
const recent: { n: number; bits: Int32Array; memo: FullNodeMemo }[] = [];
registerThreadCache({ name: 'whole-node sort memo', entries: () => recent.length, clear: () => (recent.length = 0) });

/** The memo for these column-major float32 feature values of n rows (a new one when none matches bit for bit). */
export function fullNodeMemoFor(xCol: Float32Array, n: number): FullNodeMemo {
  const bits = new Int32Array(xCol.buffer, xCol.byteOffset, xCol.length);
  for (let i = 0; i < recent.length; i++) {
    if (recent[i].n === n && sameBytes(recent[i].bits, bits)) {
      const found = recent[i];
      recent.splice(i, 1);
      recent.unshift(found);
      return found.memo;
    }
  }
  const entry = { n, bits: bits.slice(), memo: new Map<string, Int32Array>() };
  recent.unshift(entry);
  if (recent.length > DATA_SETS) recent.pop();
  return entry.memo;
}
