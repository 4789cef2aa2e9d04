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
