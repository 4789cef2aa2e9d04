/**
 * The tasks running in this process, by run: a cancel request handled here
 * aborts them at once instead of waiting for their next heartbeat.
 */
export class LocalTasks {
  private readonly byRun = new Map<string, Set<AbortController>>();

  add(runId: string, controller: AbortController): void {
    const set = this.byRun.get(runId) ?? new Set();
    set.add(controller);
    this.byRun.set(runId, set);
  }

  remove(runId: string, controller: AbortController): void {
    const set = this.byRun.get(runId);
    set?.delete(controller);
    if (set?.size === 0) this.byRun.delete(runId);
  }

  /** Aborts every task of the run running here; returns how many. */
  abortRun(runId: string): number {
    const set = this.byRun.get(runId);
    for (const c of set ?? []) c.abort();
    return set?.size ?? 0;
  }
}

/** One per process: the API's cancel and the in-process queue workers share it. */
export const localTasks = new LocalTasks();
