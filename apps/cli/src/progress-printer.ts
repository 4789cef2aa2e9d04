import type { ProgressEvent } from '@radsweep/pipeline';

/**
 * Progress on stderr: one line rewritten in place on a terminal; on a pipe or a
 * file, a line at each phase change and at most every 10 seconds.
 */
export class ProgressPrinter {
  private lastPrinted = 0;
  private lastKey = '';
  private lineOpen = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update = (e: ProgressEvent): void => {
    const text = describe(e);
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${text}`);
      this.lineOpen = true;
      return;
    }
    const key = `${e.featureSet}:${e.phase}`;
    const now = e.elapsedMs;
    if (key !== this.lastKey || now - this.lastPrinted >= 10_000 || e.done === e.total) {
      this.stream.write(`${text}\n`);
      this.lastKey = key;
      this.lastPrinted = now;
    }
  };

  /** Ends the in-place line before other output. */
  finish(): void {
    if (this.lineOpen) this.stream.write('\n');
    this.lineOpen = false;
  }
}

function describe(e: ProgressEvent): string {
  const pct = e.total > 0 ? Math.floor((100 * e.done) / e.total) : 100;
  const eta = e.etaMs === null ? '' : `, about ${duration(e.etaMs)} left`;
  return `radsweep: [${e.featureSet}] ${e.phase}: ${e.done}/${e.total} tasks (${pct} %), ${duration(e.elapsedMs)} elapsed${eta}`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
