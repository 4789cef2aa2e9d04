import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { OnModuleDestroy, ServiceUnavailableException } from '@nestjs/common';
import { keepSwcLoaded } from '@radsweep/core';
import type { OffloadJobs, OffloadJobName } from './offload-jobs';
import { WireError, wireToError } from './wire-error';

interface Pending {
  id: number;
  job: OffloadJobName;
  input: unknown;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Pending | null;
}

/**
 * Worker threads for the CPU work of a request (parsing and validating a spec,
 * expanding grids, reading an uploaded table, checking a launch against its data),
 * so the API thread keeps answering other requests meanwhile. Threads start on
 * first use, up to `size`; jobs beyond that wait in arrival order. A thread that
 * dies fails its job and is replaced on the next one.
 */
export class OffloadPool implements OnModuleDestroy {
  private readonly slots: Slot[] = [];
  private readonly waiting: Pending[] = [];
  private nextId = 1;
  private closed = false;

  constructor(private readonly size = 2) {}

  run<K extends OffloadJobName>(job: K, input: Parameters<OffloadJobs[K]>[0]): Promise<Awaited<ReturnType<OffloadJobs[K]>>> {
    if (this.closed) return Promise.reject(shuttingDown());
    return new Promise((resolve, reject) => {
      this.waiting.push({ id: this.nextId++, job, input, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  onModuleDestroy(): Promise<void> {
    return this.close();
  }

  /** Ends every thread; jobs in flight or waiting fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.waiting.splice(0)) p.reject(shuttingDown());
    await Promise.all(this.slots.splice(0).map((s) => (s.job?.reject(shuttingDown()), s.worker.terminate())));
  }

  private dispatch(): void {
    while (this.waiting.length > 0) {
      const slot = this.slots.find((s) => s.job === null) ?? (this.slots.length < this.size ? this.spawn() : null);
      if (!slot) return;
      const job = this.waiting.shift()!;
      slot.job = job;
      slot.worker.ref(); // a job in flight keeps the process alive
      try {
        slot.worker.postMessage({ id: job.id, job: job.job, input: job.input });
      } catch (e) {
        slot.job = null; // the input cannot be copied to the thread (e.g. nested too deeply)
        slot.worker.unref();
        job.reject(e instanceof Error ? e : new Error(String(e)));
      }
    }
  }

  private spawn(): Slot {
    keepSwcLoaded(); // threads come and go; see keepSwcLoaded
    const slot: Slot = { worker: new Worker(join(__dirname, 'offload-entry.js')), job: null };
    slot.worker.unref();
    slot.worker.on('message', (msg: { id: number; value?: unknown; error?: WireError }) => {
      const job = slot.job;
      if (!job || job.id !== msg.id) return;
      slot.job = null;
      slot.worker.unref();
      if (msg.error) job.reject(wireToError(msg.error));
      else job.resolve(msg.value);
      this.dispatch();
    });
    const lost = (why: string) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      slot.job?.reject(new Error(`a request-work thread ${why}`));
      slot.job = null;
      if (!this.closed) this.dispatch();
    };
    slot.worker.on('error', (e) => lost(`failed: ${e.message}`));
    slot.worker.on('exit', (code) => lost(`exited (code ${code})`));
    this.slots.push(slot);
    return slot;
  }
}

/** A job refused or cut short by shutdown (SIGTERM): 503, the client may try again later. */
function shuttingDown(): Error {
  return new ServiceUnavailableException('the server is shutting down; try again when it is back');
}
