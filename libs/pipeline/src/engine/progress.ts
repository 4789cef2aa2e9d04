/** A progress report of a running experiment (all times in ms). */
export interface ProgressEvent {
  featureSet: string;
  phase: 'load' | 'preprocessing' | 'tasks' | 'metrics' | 'done';
  /** Fit tasks finished so far, over every feature set. */
  done: number;
  total: number;
  elapsedMs: number;
  /** Estimated time left (from the mean task time so far); null before the first task. */
  etaMs: number | null;
}

export type ProgressListener = (event: ProgressEvent) => void;

/** Counts finished tasks and turns them into progress events with an ETA. */
export class ProgressTracker {
  private done = 0;
  private readonly started = performance.now();
  private taskClock: number | null = null;
  private doneAtClock = 0;
  private finished = false;

  constructor(
    private readonly total: number,
    private readonly listener?: ProgressListener,
  ) {}

  phase(featureSet: string, phase: ProgressEvent['phase']): void {
    // The ETA is measured over task time only, so preprocessing does not skew it. Feature
    // sets overlap (the next one's chains run beside this one's fits), so the clock is only
    // restarted while no task has finished on it.
    if (phase === 'tasks' && (this.taskClock === null || this.done === this.doneAtClock)) {
      this.taskClock = performance.now();
      this.doneAtClock = this.done;
    }
    this.emit(featureSet, phase);
  }

  taskDone(featureSet: string): void {
    this.done++;
    this.emit(featureSet, 'tasks');
  }

  /** No event after this (the run has settled; a failed run's other feature sets may still wind down). */
  finish(): void {
    this.finished = true;
  }

  private emit(featureSet: string, phase: ProgressEvent['phase']): void {
    if (!this.listener || this.finished) return;
    const now = performance.now();
    const measured = this.done - this.doneAtClock;
    const etaMs = this.taskClock !== null && measured > 0 ? ((now - this.taskClock) / measured) * (this.total - this.done) : null;
    this.listener({ featureSet, phase, done: this.done, total: this.total, elapsedMs: now - this.started, etaMs });
  }
}
