import type { EntityManager } from 'typeorm';
import { RunTaskEntity } from './run-task.entity';
import { RunEntity } from './run.entity';

/**
 * The start of a finished task's write (inside its transaction): the run and the task locked, or null
 * when nothing is to be written: a duplicate delivery finished the task first, or the run was cancelled
 * meanwhile (the task is then marked cancelled).
 */
export async function lockFinishingTask(m: EntityManager, runId: string, taskId: string): Promise<{ run: RunEntity; current: RunTaskEntity } | null> {
  const run = await m.findOneOrFail(RunEntity, { where: { id: runId }, lock: { mode: 'pessimistic_write' } });
  const current = await m.findOneOrFail(RunTaskEntity, { where: { id: taskId }, lock: { mode: 'pessimistic_write' } });
  if (current.status === 'done') return null;
  if (run.status === 'cancelled') {
    await m.update(RunTaskEntity, { id: taskId }, { status: 'cancelled', finishedAt: new Date() });
    return null;
  }
  return { run, current };
}
