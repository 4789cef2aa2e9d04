import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * The columns a queued task's row (a run's task, an external validation) gets when an attempt starts:
 * running on this worker, its start and first heartbeat the database's now() (as every later beat and the
 * lost-task sweep that reads them), and for a retry an error that keeps why the earlier attempt ended.
 */
export function attemptStart(worker: string, attempt: number, previousError: string | null) {
  return {
    status: 'running' as const,
    attempts: attempt,
    worker,
    startedAt: () => 'now()',
    heartbeatAt: () => 'now()',
    error: attempt > 1 && previousError ? `attempt ${attempt} on ${worker}, started over: ${previousError}` : null,
  };
}

/**
 * Starts an attempt on a queued task's row, only if the row is still as this worker read it: the same attempt
 * count and not finished. A task declared lost is handed to another worker while its first attempt may still
 * finish (and mark the row done); without the condition, the late starter turned a done row back to running and
 * its own finish was then counted a second time. False: the row is another attempt's or finished; do not run it.
 */
export async function startAttempt<T extends ObjectLiteral>(
  db: DataSource,
  entity: EntityTarget<T>,
  id: string,
  attemptsRead: number,
  columns: Record<string, unknown>,
): Promise<boolean> {
  const result = await db
    .createQueryBuilder()
    .update(entity)
    .set(columns as never)
    .where(`id = :id AND attempts = :attemptsRead AND status NOT IN ('done', 'failed', 'cancelled')`, { id, attemptsRead })
    .returning('id')
    .execute();
  return (result.raw as unknown[]).length > 0;
}
