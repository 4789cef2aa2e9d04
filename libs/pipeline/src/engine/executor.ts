import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { keepSwcLoaded, RadSweepInputError } from '@radsweep/core';
import { EngineWorkerLostError } from './engine-worker-lost-error';
import { ChainPartsFactory, WorkerState } from './worker-state';
import { SerializedError, WorkerRequest, WorkerResponse } from './worker-protocol';

/**
 * Runs engine requests: `broadcast` goes to every worker (data, fold caches),
 * `run` to the next free one, the queued request of highest `priority` first
 * (submission order among equals). Results never depend on which worker ran what,
 * nor in which order.
 */
export interface Executor {
  readonly size: number;
  broadcast(request: WorkerRequest): Promise<void>;
  run<T>(request: WorkerRequest, options?: { priority?: number }): Promise<T>;
  /** Rejects every pending and later request with `reason` and stops the workers (a cancel). */
  abort(reason: Error): void;
  close(): Promise<void>;
}

/** Everything in this thread, one request at a time in call order (workers = 0; also lets tests instrument the chain). */
export class InlineExecutor implements Executor {
  readonly size = 1;
  private readonly state: WorkerState;
  private aborted: Error | null = null;

  constructor(makeParts: ChainPartsFactory) {
    this.state = new WorkerState(makeParts);
  }

  async broadcast(request: WorkerRequest): Promise<void> {
    if (this.aborted) throw this.aborted;
    this.state.handle(request);
  }

  async run<T>(request: WorkerRequest): Promise<T> {
    await new Promise((r) => setImmediate(r)); // let progress output, timers and an abort through between tasks
    if (this.aborted) throw this.aborted;
    return this.state.handle(request) as T;
  }

  /** A request already running in this thread finishes; every later one is refused. */
  abort(reason: Error): void {
    this.aborted ??= reason;
  }

  /** Later requests (a failed run's other feature sets) are refused. */
  async close(): Promise<void> {
    this.aborted ??= new Error('engine executor closed');
  }
}

interface Pending {
  resolve(v: unknown): void;
  reject(e: Error): void;
}

interface PoolWorker {
  worker: Worker;
  busy: boolean;
}

/** The default worker count: one per available core. */
export function defaultWorkerCount(): number {
  return Math.max(1, availableParallelism());
}

/**
 * A pool of worker_threads. Each worker loads TypeScript through worker-entry.js
 * (@swc-node/register), keeps the live feature sets' fold caches, and fits
 * one task at a time; queued tasks are handed out, highest priority first, as
 * workers become free.
 */
export class WorkerPool implements Executor {
  private readonly workers: PoolWorker[] = [];
  private readonly pending = new Map<number, Pending & { worker: PoolWorker; isTask: boolean }>();
  /** Waiting requests, highest priority first; equal priorities in submission order. */
  private readonly queue: { request: WorkerRequest; priority: number; pending: Pending }[] = [];
  private nextId = 1;
  private failure: Error | null = null;
  private closing = false;

  constructor(readonly size: number) {
    keepSwcLoaded();
    for (let i = 0; i < size; i++) this.workers.push(this.spawn());
  }

  private spawn(): PoolWorker {
    const worker = new Worker(join(__dirname, 'worker-entry.js'));
    const entry: PoolWorker = { worker, busy: false };
    worker.on('message', (msg: { id: number; response: WorkerResponse }) => this.onMessage(msg.id, msg.response));
    worker.on('error', (e) => this.fail(new EngineWorkerLostError(`engine worker crashed: ${e.message}`)));
    worker.on('exit', (code) => {
      if (code !== 0 && !this.closing) this.fail(new EngineWorkerLostError(`engine worker exited with code ${code}`));
    });
    return entry;
  }

  private onMessage(id: number, response: WorkerResponse): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    if (p.isTask) p.worker.busy = false;
    if (response.ok) p.resolve(response.value);
    else p.reject(deserializeError(response.error));
    this.pump();
  }

  private fail(e: Error): void {
    if (this.failure) return;
    this.failure = e;
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
    for (const q of this.queue.splice(0)) q.pending.reject(e);
  }

  private post(w: PoolWorker, request: WorkerRequest, pending: Pending, isTask: boolean): void {
    const id = this.nextId++;
    this.pending.set(id, { ...pending, worker: w, isTask });
    if (isTask) w.busy = true;
    w.worker.postMessage({ id, request });
  }

  private pump(): void {
    for (const w of this.workers) {
      if (this.queue.length === 0) return;
      if (!w.busy) {
        const next = this.queue.shift()!;
        this.post(w, next.request, next.pending, true);
      }
    }
  }

  broadcast(request: WorkerRequest): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return Promise.all(
      this.workers.map((w) => new Promise<unknown>((resolve, reject) => this.post(w, request, { resolve, reject }, false))),
    ).then(() => undefined);
  }

  run<T>(request: WorkerRequest, options: { priority?: number } = {}): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      const priority = options.priority ?? 0;
      const item = { request, priority, pending: { resolve: resolve as (v: unknown) => void, reject } };
      // A linear scan from the back: the queue holds at most a few feature sets' tasks.
      let at = this.queue.length;
      while (at > 0 && this.queue[at - 1].priority < priority) at--;
      this.queue.splice(at, 0, item);
      this.pump();
    });
  }

  /** Refuses everything pending or queued with `reason` and terminates the workers mid-fit. */
  abort(reason: Error): void {
    this.fail(reason);
    this.closing = true;
    for (const w of this.workers) void w.worker.terminate();
  }

  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(this.workers.map((w) => w.worker.terminate()));
  }
}

export function serializeError(e: unknown): SerializedError {
  if (e instanceof Error) {
    return { name: e.name, message: e.message, where: (e as RadSweepInputError).where, stack: e.stack };
  }
  return { name: 'Error', message: String(e) };
}

/** Rebuilds a worker's error; an input error stays a RadSweepInputError (its message already names the place). */
function deserializeError(s: SerializedError): Error {
  const e = s.name === 'RadSweepInputError' ? new RadSweepInputError(s.message) : new Error(s.message);
  if (s.stack) e.stack = s.stack;
  return e;
}
