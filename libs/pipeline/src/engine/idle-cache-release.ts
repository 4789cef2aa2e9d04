import { releaseThreadCaches } from '@radsweep/core';

/** An engine thread with no request for this long drops its fit caches (a server worker between runs). */
export const IDLE_RELEASE_MS = 60_000;

/**
 * Clears this thread's fit caches (@radsweep/core thread-caches) once no request has come for `idleMs`:
 * within a run the next request comes within seconds and the caches keep their hits; a server worker's
 * engine thread that waits for the next run gives their memory back. The timer never keeps a thread alive.
 */
export class IdleCacheRelease {
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly idleMs = IDLE_RELEASE_MS,
    private readonly release: () => void = releaseThreadCaches,
  ) {}

  /** A request was handled: the idle time starts again. */
  touched(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.release();
    }, this.idleMs);
    this.timer.unref?.();
  }
}
