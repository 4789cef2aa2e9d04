import { HttpException, Inject, Injectable, OnModuleDestroy } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Observable, Subscriber } from 'rxjs';
import type { RunEvent } from '@radsweep/api-contract';
import { ACCESS_OPTIONS, AccessOptions } from '../auth/access-options';
import type { Principal } from '../auth/principal';
import { StreamHolder, stillReadable } from '../auth/stream-access';
import { RunProgress, RunsService, TERMINAL } from './runs.service';

interface Watcher extends StreamHolder {
  out: Subscriber<RunEvent>;
  /** The last progress sent (JSON): only a change is sent again. */
  last: string;
}

/**
 * Live progress for every open stream from ONE reader: a timer that, while any
 * stream is open, reads all watched runs in one query per tick
 * (RunsService.progressOf) and sends each stream its run's progress when it
 * changed. So the database sees the same load with 1 or 1,000 streams, and the
 * reader never writes (stream load cannot change a run's state). A tick still
 * running when the next is due is skipped. Streams are capped per user and in
 * total (429 naming the limit), and every stream's access is checked again
 * every `recheckSeconds` in one query: the stream of an unshared run, a disabled
 * user, a removed member or an ended session ends.
 * (One poller rather than LISTEN/NOTIFY: the embedded store serves every client
 * on one PGlite session, where a listener would see other clients' traffic.)
 */
@Injectable()
export class ProgressHub implements OnModuleDestroy {
  private readonly watchers = new Map<string, Watcher>();
  private nextKey = 0;
  private poll: NodeJS.Timeout | null = null;
  private recheck: NodeJS.Timeout | null = null;
  private polling = false;
  private rechecking = false;
  /** Ticks that read the database (one query each) and access re-checks made. */
  readonly stats = { ticks: 0, accessChecks: 0 };

  constructor(
    private readonly db: DataSource,
    private readonly runs: RunsService,
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
  ) {}

  get open(): number {
    return this.watchers.size;
  }

  /**
   * A stream of the run's progress for `principal` (already allowed to read it):
   * its current progress at once, then each change, ending after a terminal
   * status. Over a cap: 429 before anything is sent; unknown run: 404.
   */
  async stream(runId: string, principal: Principal): Promise<Observable<RunEvent>> {
    this.checkCaps(principal);
    const first = await this.runs.progress(runId);
    const firstText = JSON.stringify(first);
    return new Observable<RunEvent>((out) => {
      out.next({ type: 'progress', data: first });
      if (TERMINAL.includes(first.status)) {
        out.complete();
        return undefined;
      }
      const key = String(this.nextKey++);
      this.watchers.set(key, { key, principal, runId, out, last: firstText });
      this.startTimers();
      return () => {
        this.watchers.delete(key);
        if (this.watchers.size === 0) this.stopTimers();
      };
    });
  }

  onModuleDestroy(): void {
    for (const w of [...this.watchers.values()]) w.out.complete();
    this.stopTimers();
  }

  private checkCaps(principal: Principal): void {
    const { perUser, total } = this.options.streams;
    if (this.watchers.size >= total) throw new HttpException(`too many progress streams: the server holds at most ${total} (RADSWEEP_STREAMS_TOTAL); poll GET /api/runs/:id instead`, 429);
    let mine = 0;
    for (const w of this.watchers.values()) if (w.principal.id === principal.id) mine++;
    if (mine >= perUser) throw new HttpException(`too many progress streams: at most ${perUser} per user (RADSWEEP_STREAMS_PER_USER); close one or poll GET /api/runs/:id`, 429);
  }

  private startTimers(): void {
    if (this.poll) return;
    this.poll = setInterval(() => void this.tick(), this.options.streams.pollSeconds * 1000);
    this.recheck = setInterval(() => void this.checkAccess(), this.options.streams.recheckSeconds * 1000);
  }

  private stopTimers(): void {
    if (this.poll) clearInterval(this.poll);
    if (this.recheck) clearInterval(this.recheck);
    this.poll = this.recheck = null;
  }

  /** One read of every watched run; each stream gets its run's progress if it changed. */
  private async tick(): Promise<void> {
    if (this.polling || this.watchers.size === 0) return;
    this.polling = true;
    try {
      const ids = [...new Set([...this.watchers.values()].map((w) => w.runId))];
      this.stats.ticks++;
      const progress = await this.runs.progressOf(ids);
      for (const w of [...this.watchers.values()]) this.send(w, progress.get(w.runId));
    } catch {
      // the store is busy or restarting: the next tick tries again (a stream never fails for it)
    } finally {
      this.polling = false;
    }
  }

  private send(w: Watcher, p: RunProgress | undefined): void {
    if (!p) return; // opened during this tick (its run was not read), or the run is gone: the access check ends that
    const text = JSON.stringify(p);
    if (text !== w.last) {
      w.last = text;
      w.out.next({ type: 'progress', data: p });
    }
    if (TERMINAL.includes(p.status)) w.out.complete();
  }

  /** Ends the streams whose holder may no longer read the run (one query for all). */
  private async checkAccess(): Promise<void> {
    if (this.rechecking || this.watchers.size === 0) return;
    this.rechecking = true;
    try {
      const holders = [...this.watchers.values()];
      this.stats.accessChecks++;
      const allowed = await stillReadable(this.db, holders);
      for (const w of holders) {
        if (allowed.has(w.key) || !this.watchers.has(w.key)) continue;
        w.out.next({ type: 'closed', data: { reason: 'your access to this run ended' } });
        w.out.complete();
      }
    } catch {
      // checked again at the next interval
    } finally {
      this.rechecking = false;
    }
  }
}
