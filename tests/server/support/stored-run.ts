import type { DataSource } from 'typeorm';
import { RunEntity, RunStatus } from '../../../apps/server/src/runs/run.entity';

/** A run row written straight to the store (tests of task rows that need a run to belong to); its id. */
export async function storedRun(db: DataSource, experimentId: string, datasetId: string, status: RunStatus, tasksTotal: number, tasksDone: number): Promise<string> {
  const run = await db.manager.save(RunEntity, {
    experimentId,
    datasetId,
    status,
    seed: 7,
    testIds: null,
    split: { type: 'stratified_holdout', trainIds: [], testIds: [] },
    cv: { type: 'stratified_kfold', foldsPerRepeat: 3, repeats: 1, foldOfTrainId: [] },
    header: null,
    software: null,
    tasksTotal,
    tasksDone,
    error: null,
    startedAt: new Date(),
    finishedAt: null,
  });
  return run.id;
}
