import type { FitCost, FitItem } from './fit-batches';

/**
 * Packs fits into batches of about `targetMs` as batchFits does, but by fold group: every configuration of
 * one model on one CV fold goes into the same batch. The engine threads' fit caches are per thread and
 * keyed by the fold's data (boosting n_estimators checkpoints, the root sort memo, the inner SVMs a
 * calibrated SVM grid shares), so a group split over two batches misses them whenever another worker
 * process takes the second batch; kept together they hit in whichever process runs the batch, as with one
 * worker. Groups are taken longest first (their summed cost; stable: experiment order among equals) and a
 * batch is closed once adding the next group would pass the target; a group longer than the target is a
 * batch of its own. In a batch each group's fits run one after another, longest first (a boosting fit of
 * 200 stages before the one of 100 leaves it a checkpoint to cut), so a fold's fits are consecutive and its
 * sort memo stays among the thread's recent ones. Which batch a fit is in never changes its result.
 */
export function batchFoldGroups(items: FitItem[], cost: FitCost, targetMs: number): FitItem[][] {
  if (!(targetMs > 0)) throw new Error(`batch target must be > 0 ms, got ${targetMs}`);
  const groups = new Map<string, { first: number; ms: number; fits: { item: FitItem; i: number; ms: number }[] }>();
  items.forEach((item, i) => {
    const key = `${item.set}/${item.modelIndex}/${item.fold}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { first: i, ms: 0, fits: [] }));
    const ms = cost(item);
    g.fits.push({ item, i, ms });
    g.ms += ms;
  });
  const sorted = [...groups.values()].sort((a, b) => b.ms - a.ms || a.first - b.first);
  const batches: FitItem[][] = [];
  let current: FitItem[] = [];
  let sum = 0;
  for (const g of sorted) {
    if (current.length > 0 && sum + g.ms > targetMs) {
      batches.push(current);
      current = [];
      sum = 0;
    }
    for (const f of g.fits.sort((a, b) => b.ms - a.ms || a.i - b.i)) current.push(f.item);
    sum += g.ms;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
