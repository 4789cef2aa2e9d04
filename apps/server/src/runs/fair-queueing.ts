import type { DataSource } from 'typeorm';

/** Sends run tasks to the queue, each with a priority (pg-boss: higher first, then oldest), and returns their job ids in the order given. */
export type EnqueueTasks = (tasks: { taskId: string; priority: number }[]) => Promise<string[]>;

/**
 * Sends a run's tasks to the queue, in the order given, each with the priority minus the number of
 * that run's tasks sent before it. The queue takes the highest priority first, so with several runs
 * queued their tasks alternate (each run's k-th task before any run's (k+1)-th) instead of the
 * oldest run's tasks all going first; a run launched later catches up with one that has had more
 * tasks sent. Which task runs when never changes a result. The tasks go in one queue statement and
 * their job ids in one update (a feature set's fit batches are unblocked together).
 */
export async function sendRunTasks(db: DataSource, enqueue: EnqueueTasks, runId: string, taskIds: string[]): Promise<void> {
  if (taskIds.length === 0) return;
  const [{ n }]: { n: number }[] = await db.query(`SELECT count(*)::int AS n FROM run_tasks WHERE run_id = $1 AND job_id IS NOT NULL`, [runId]);
  const jobIds = await enqueue(taskIds.map((taskId, i) => ({ taskId, priority: -(n + i) })));
  await db.query(`UPDATE run_tasks t SET job_id = s.job_id FROM unnest($1::uuid[], $2::text[]) AS s(id, job_id) WHERE t.id = s.id`, [taskIds, jobIds]);
}
