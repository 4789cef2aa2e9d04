import type { ProgressEvent } from '@radsweep/pipeline';

const PERIOD_MS = 10_000;

/**
 * Progress on stderr: one line rewritten in place on a terminal; on a pipe or a
 * file, a line at each phase change and then every 10 seconds (also while a long
 * phase such as preprocessing sends no event).
 */
export class ProgressPrinter {
  private last: ProgressEvent | null = null;
  private lastKey = '';
  private lastPrintedAt = 0;
  private clockOrigin = 0;
  private lineOpen = false;
  private readonly timer: NodeJS.Timeout | null;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {
    this.timer = stream.isTTY ? null : setInterval(() => this.heartbeat(), PERIOD_MS);
    this.timer?.unref();
  }

  update = (e: ProgressEvent): void => {
    this.last = e;
    this.clockOrigin = performance.now() - e.elapsedMs;
    if (this.stream.isTTY) {
      this.stream.write(`\r\x1b[2K${describe(e)}`);
      this.lineOpen = true;
      return;
    }
    const key = `${e.featureSet}:${e.phase}`;
    if (key !== this.lastKey || e.elapsedMs - this.lastPrintedAt >= PERIOD_MS) this.print(e);
    this.lastKey = key;
  };

  /** Ends the in-place line and stops the periodic lines. */
  finish(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.lineOpen) this.stream.write('\n');
    this.lineOpen = false;
  }

  private heartbeat(): void {
    if (!this.last) return;
    const elapsedMs = performance.now() - this.clockOrigin;
    if (elapsedMs - this.lastPrintedAt >= PERIOD_MS) this.print({ ...this.last, elapsedMs });
  }

  private print(e: ProgressEvent): void {
    this.stream.write(`${describe(e)}\n`);
    this.lastPrintedAt = e.elapsedMs;
  }
}

function describe(e: ProgressEvent): string {
  const pct = e.total > 0 ? Math.floor((100 * e.done) / e.total) : 100;
  const eta = e.etaMs === null || e.phase !== 'tasks' ? '' : `, about ${duration(e.etaMs)} left`;
  return `radsweep: [${e.featureSet}] ${e.phase}: ${e.done}/${e.total} tasks (${pct} %), ${duration(e.elapsedMs)} elapsed${eta}`;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}
