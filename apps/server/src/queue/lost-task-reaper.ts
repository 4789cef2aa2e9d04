/** Runs one SQL statement and returns its rows (pg-boss's own connection pool, so no second pool is opened). */
export type SqlRunner = (text: string, values: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;

/** A running task whose worker stopped sending heartbeats. */
export interface LostTask {
  id: string;
  jobId: string | null;
  runId: string;
  featureSet: string;
  attempts: number;
  worker: string | null;
}

/**
 * Finds tasks whose worker died: status 'running' with no heartbeat for
 * `lostAfterSeconds` (both times the database's now(), so neither the load nor
 * the clock of any process moves it). The task's error says so and how far it had
 * got, since its progress starts over with the next attempt. Each is claimed in one statement (put back to 'queued',
 * its heartbeat reset), so of several processes sweeping at once exactly one
 * hands it on; the caller then fails its queue job, which pg-boss retries at once
 * (retryDelay 0) on any worker. Without this a dead worker's task waited for
 * pg-boss's expiry (the task timeout, 1 h by default).
 */
export async function claimLostTasks(sql: SqlRunner, lostAfterSeconds: number): Promise<LostTask[]> {
  const { rows } = await sql(
    `WITH lost AS (
       UPDATE run_tasks SET status = 'queued', heartbeat_at = now(),
         error = 'worker ' || coalesce(worker, '?') || ' sent no heartbeat for ' || $1::text || ' s after '
           || fits_done || ' of ' || fits_total || ' fits; queued again, the next attempt starts over'
       WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1::float8)
       RETURNING id, job_id, run_id, feature_set, attempts, worker)
     SELECT * FROM lost`,
    [lostAfterSeconds],
  );
  return rows.map((r) => ({
    id: r.id as string,
    jobId: r.job_id as string | null,
    runId: r.run_id as string,
    featureSet: r.feature_set as string,
    attempts: r.attempts as number,
    worker: r.worker as string | null,
  }));
}

/** A task out of attempts is failed, and its run with it (unless cancelled meanwhile), in one statement. */
export async function failLostTask(sql: SqlRunner, task: LostTask, message: string): Promise<void> {
  await sql(
    `WITH t AS (UPDATE run_tasks SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 RETURNING run_id)
     UPDATE runs SET status = 'failed', error = $3, finished_at = now() WHERE id = (SELECT run_id FROM t) AND status <> 'cancelled'`,
    [task.id, message, `feature set '${task.featureSet}': ${message}`],
  );
}

/** A running external validation whose worker stopped sending heartbeats. */
export interface LostValidation {
  id: string;
  jobId: string | null;
  attempts: number;
  worker: string | null;
}

/**
 * Finds external validations whose worker died, as claimLostTasks finds tasks: status 'running' with no
 * heartbeat for `lostAfterSeconds` (the database's now()), each claimed in one statement (back to
 * 'queued', its error saying which worker went silent), so of several sweeping processes exactly one
 * hands it on; the caller fails its queue job, which pg-boss retries at once on any worker. The retry
 * computes the validation again from the stored request (same seed), so it stores the same report.
 */
export async function claimLostValidations(sql: SqlRunner, lostAfterSeconds: number): Promise<LostValidation[]> {
  const { rows } = await sql(
    `WITH lost AS (
       UPDATE external_validations SET status = 'queued', heartbeat_at = now(),
         error = 'worker ' || coalesce(worker, '?') || ' sent no heartbeat for ' || $1::text || ' s; queued again, the next attempt starts over'
       WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => $1::float8)
       RETURNING id, job_id, attempts, worker)
     SELECT * FROM lost`,
    [lostAfterSeconds],
  );
  return rows.map((r) => ({ id: r.id as string, jobId: r.job_id as string | null, attempts: r.attempts as number, worker: r.worker as string | null }));
}

/** A validation out of attempts is failed with why. */
export async function failLostValidation(sql: SqlRunner, validation: LostValidation, message: string): Promise<void> {
  await sql(`UPDATE external_validations SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status = 'queued'`, [validation.id, message]);
}
