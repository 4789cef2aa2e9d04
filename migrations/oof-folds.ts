/**
 * The CV split of each out-of-fold prediction, recomputed from the run's split
 * and folds (for `prediction_sets.folds` after a revert dropped the column).
 * The engine lists a model's OOF predictions split by split (split k = repeat x
 * foldsPerRepeat + fold), each split's held-out training ids together, so the
 * entries are cut into blocks of each split's size; every id is checked to be
 * held out in its block's split. Null when the entries do not fit the folds.
 */
export function oofFoldsOf(ids: string[], trainIds: string[], foldOfTrainId: number[][], foldsPerRepeat: number): number[] | null {
  const index = new Map(trainIds.map((id, i) => [id, i]));
  const splits = foldOfTrainId.length * foldsPerRepeat;
  const sizes = new Array<number>(splits).fill(0);
  foldOfTrainId.forEach((folds, repeat) => folds.forEach((fold) => sizes[repeat * foldsPerRepeat + fold]++));
  const out: number[] = [];
  let split = 0;
  let used = 0;
  for (const id of ids) {
    while (split < splits && used === sizes[split]) {
      split++;
      used = 0;
    }
    const row = index.get(id);
    if (split >= splits || row === undefined) return null;
    const repeat = Math.floor(split / foldsPerRepeat);
    if (foldOfTrainId[repeat][row] !== split % foldsPerRepeat) return null;
    out.push(split);
    used++;
  }
  return out;
}
