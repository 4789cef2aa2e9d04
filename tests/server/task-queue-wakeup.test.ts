import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../../apps/server/src/database/database';
import { TaskJob, TaskQueue } from '../../apps/server/src/queue/task-queue';
import { BACKENDS, openTestDatabase } from './support/databases';
import { testConfig } from './support/api';

/** A promise and its resolve, for handlers that wait on each other. */
function signal<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/**
 * Workers do not wait out pg-boss's polling interval between tasks. The interval here is 10 minutes, far
 * beyond the tests' time limit, so a task is only handled in time if its worker was asked at once: a
 * worker that just finished a task fetches the next at once, and an idle worker is woken when a task is
 * queued (by its own process; on PostgreSQL also by another process, through LISTEN/NOTIFY).
 */
describe.each(BACKENDS)('queue wake-ups on %s', (backend) => {
  const POLL_S = 600;
  let db: Database;
  let worker: TaskQueue;
  /** Another process's queue (an API server that launches runs, or another worker). */
  let other: TaskQueue;
  const handlers = new Map<string, (job: TaskJob) => Promise<void>>();
  const handled: string[] = [];

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    const config = testConfig({ pollSeconds: POLL_S });
    other = new TaskQueue(db.url, config);
    await other.start();
    worker = new TaskQueue(db.url, config);
    await worker.start();
    await worker.work(2, async (job) => {
      handled.push(job.taskId);
      await handlers.get(job.taskId)?.(job);
    });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await other?.stop();
    await db?.close();
  });

  /** Resolves when task `id` is handled. */
  function onHandled(id: string, body: () => Promise<void> = async () => undefined): Promise<void> {
    const done = signal();
    handlers.set(id, async () => {
      await body();
      done.resolve();
    });
    return done.promise;
  }

  it('a worker that finishes a task fetches the next at once (its successor queued by another process while it ran)', async () => {
    const second = onHandled('second');
    // On the embedded store the other process's queueing wakes nobody: only the finishing worker's own fetch finds it.
    const first = onHandled('first', async () => void (await other.enqueue('second')));
    await worker.enqueue('first');
    await first;
    await second;
    expect(handled.slice(-2)).toEqual(['first', 'second']);
  }, 60_000);

  it('an idle worker is woken when a task is queued while its sibling is busy', async () => {
    const started = signal();
    const woken = onHandled('woken', async () => started.resolve());
    // The blocker holds one worker until the other one has started the woken task: no task ends in between.
    const blocker = onHandled('blocker', async () => {
      await (backend === 'postgres' ? other : worker).enqueue('woken');
      await started.promise;
    });
    await worker.enqueue('blocker');
    await blocker;
    await woken;
  }, 60_000);

  it('tasks are still handed out highest priority first, the oldest among equals', async () => {
    const order: string[] = [];
    const release = signal();
    const held = [signal(), signal()];
    const holds = held.map((h, i) =>
      onHandled(`hold-${i}`, async () => {
        h.resolve();
        await release.promise;
      }),
    );
    await worker.enqueue('hold-0', undefined, 100);
    await worker.enqueue('hold-1', undefined, 100);
    // Both workers are held; what is queued now waits for them.
    await Promise.all(held.map((h) => h.promise));
    const ids = ['low', 'high-a', 'high-b', 'mid'];
    const all = ids.map((id) => onHandled(id, async () => void order.push(id)));
    await other.enqueue('low', undefined, -5);
    await other.enqueue('high-a', undefined, 3);
    await other.enqueue('high-b', undefined, 3);
    await other.enqueue('mid', undefined, 0);
    release.resolve();
    await Promise.all([...holds, ...all]);
    // Two workers take two at a time: the order of each pair may swap, never across pairs.
    expect(new Set(order.slice(0, 2))).toEqual(new Set(['high-a', 'high-b']));
    expect(new Set(order.slice(2))).toEqual(new Set(['mid', 'low']));
  }, 60_000);
});
