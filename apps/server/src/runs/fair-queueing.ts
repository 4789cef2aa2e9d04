import type { DataSource } from 'typeorm';
import { RunTaskEntity } from './run-task.entity';

/** Sends a task to the queue with a priority (pg-boss: higher first, then oldest) and returns its job id. */
export type EnqueueTask = (taskId: string, priority: number) => Promise<string>;

/**
 * Sends a run's tasks to the queue, in the order given, each with the priority minus the number of
 * that run's tasks sent before it. The queue takes the highest priority first, so with several runs
 * queued their tasks alternate (each run's k-th task before any run's (k+1)-th) instead of the
 * oldest run's tasks all going first; a run launched later catches up with one that has had more
 * tasks sent. Which task runs when never changes a result.
 */
export async function sendRunTasks(db: DataSource, enqueue: EnqueueTask, runId: string, taskIds: string[]): Promise<void> {
  if (taskIds.length === 0) return;
  const [{ n }]: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM run_tasks WHERE run_id = $1 AND job_id IS NOT NULL`, [runId]);
  let sent = n;
  for (const id of taskIds) {
    const jobId = await enqueue(id, -sent++);
    await db.manager.update(RunTaskEntity, { id }, { jobId });
  }
}
