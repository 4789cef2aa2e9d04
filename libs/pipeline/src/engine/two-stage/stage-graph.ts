import type { FitItem } from './fit-batches';

/**
 * A task of a two-stage graph. `set` is the unit the graph prepares folds for: a feature set of a
 * classification run, an endpoint x feature set of a survival run (FitItem.set holds the same).
 */
export type TwoStageTask =
  | { kind: 'prepare'; set: number; fold: number }
  | { kind: 'fit'; set: number; batch: number; items: FitItem[] }
  | { kind: 'combine'; set: number; modelIndex: number };

/**
 * Which artefact each finished task of a graph run in one process stored, and so which tasks are
 * ready: a prepare at once, a batch once the folds it fits on are stored, a model's combine once its
 * set's folds and every batch holding its fits are.
 */
export class StageGraph {
  private readonly foldKeys = new Map<string, string>();
  private readonly batches: { set: number; items: FitItem[]; key: string | null }[] = [];
  private readonly modelKeys = new Map<string, string>();

  /** `folds`: each set's folds in plan order (the refit's included); `batches`: each set's batches; `models`: models per set. */
  constructor(
    private readonly folds: number[][],
    batches: FitItem[][][],
    private readonly models: number,
  ) {
    batches.forEach((perSet, set) => perSet.forEach((items) => this.batches.push({ set, items, key: null })));
  }

  /** Tasks whose inputs are stored and which have not run, in a fixed order. */
  ready(): TwoStageTask[] {
    const out: TwoStageTask[] = [];
    this.folds.forEach((folds, set) => {
      for (const fold of folds) if (!this.foldKeys.has(`${set}:${fold}`)) out.push({ kind: 'prepare', set, fold });
    });
    this.batches.forEach((b, batch) => {
      if (b.key === null && b.items.every((i) => this.foldKeys.has(`${i.set}:${i.fold}`))) out.push({ kind: 'fit', set: b.set, batch, items: b.items });
    });
    this.folds.forEach((folds, set) => {
      for (let modelIndex = 0; modelIndex < this.models; modelIndex++) {
        if (this.modelKeys.has(`${set}:${modelIndex}`)) continue;
        const foldsReady = folds.every((fold) => this.foldKeys.has(`${set}:${fold}`));
        if (foldsReady && this.batchesOf(set, modelIndex).every((b) => b.key !== null)) out.push({ kind: 'combine', set, modelIndex });
      }
    });
    return out;
  }

  private batchesOf(set: number, modelIndex: number) {
    return this.batches.filter((b) => b.set === set && b.items.some((i) => i.modelIndex === modelIndex));
  }

  foldDone(set: number, fold: number, key: string): void {
    this.foldKeys.set(`${set}:${fold}`, key);
  }

  batchDone(batch: number, key: string): void {
    this.batches[batch].key = key;
  }

  modelDone(set: number, modelIndex: number, key: string): void {
    this.modelKeys.set(`${set}:${modelIndex}`, key);
  }

  foldKey(set: number, fold: number): string {
    return this.foldKeys.get(`${set}:${fold}`)!;
  }

  /** The stored outcomes of the batches holding a model's CV fits on a set. */
  batchKeys(set: number, modelIndex: number): string[] {
    return this.batchesOf(set, modelIndex).map((b) => b.key!);
  }

  modelKey(set: number, modelIndex: number): string {
    return this.modelKeys.get(`${set}:${modelIndex}`)!;
  }

  keys(): string[] {
    return [...this.foldKeys.values(), ...this.batches.map((b) => b.key!).filter(Boolean), ...this.modelKeys.values()];
  }

  /** Runs every task, one at a time, in the order `pick` chooses among the ready ones (default: the first). */
  async run(execute: (task: TwoStageTask) => Promise<void>, pick: (ready: number) => number = () => 0): Promise<void> {
    for (let ready = this.ready(); ready.length > 0; ready = this.ready()) {
      const at = pick(ready.length);
      if (!(Number.isInteger(at) && at >= 0 && at < ready.length)) throw new Error(`pick returned ${at} for ${ready.length} ready tasks`);
      await execute(ready[at]);
    }
  }
}
