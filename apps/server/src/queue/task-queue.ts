import { randomUUID } from 'node:crypto';
import PgBoss from 'pg-boss';
import { Pool } from 'pg';
import type { ServerConfig } from '../config/server-config';
import { LostTask, LostValidation, SqlRunner, claimLostTasks, claimLostValidations, failLostTask, failLostValidation } from './lost-task-reaper';
import { TaskWakeup } from './task-wakeup';

export const TASK_QUEUE = 'radsweep-tasks';

/** The payload of a queued task: the run_tasks row to execute (or, with kind 'extraction-case', the extraction_cases row; with 'external-validation', the external_validations row). */
export interface TaskJob {
  taskId: string;
  kind?: 'extraction-case' | 'external-validation';
}

/** Handles one task; `lastAttempt` is true when pg-boss will not retry it after a failure. */
export type TaskHandler = (job: TaskJob, attempt: { retryCount: number; lastAttempt: boolean }) => Promise<void>;

/**
 * The PostgreSQL job queue (pg-boss, schema `pgboss`, in the same database).
 * A task's worker (a run's task or an external validation) writes a heartbeat every `heartbeatSeconds`; every process with
 * a queue sweeps for running tasks silent for `taskLostSeconds` (their worker was
 * killed) and fails their job, which pg-boss retries at once on another worker,
 * up to `retryLimit` times. A job active past `taskTimeoutSeconds` is expired by
 * pg-boss's maintenance whatever its heartbeats (the hard limit).
 *
 * The sweep's timing does not depend on the machine's load or clocks: heartbeats
 * and their age are the database's now(), the sweep runs every
 * `sweepSeconds(config)` (at most 5 s apart), each pass scheduled after the
 * previous one ends, on a connection of its own, so pg-boss's pollers and
 * maintenance never hold it back.
 *
 * A worker does not wait out pg-boss's polling interval between tasks: one that just finished a task
 * asks for the next at once (a finishing stage task has queued its successors by then), and idle
 * workers are woken when tasks are queued (task-wakeup.ts). Which task they get is still pg-boss's
 * choice (highest priority, then oldest), so runs keep taking turns.
 */
export class TaskQueue {
  static readonly retryLimit = 3;
  private readonly boss: PgBoss;
  private started = false;
  private sweeper: NodeJS.Timeout | null = null;
  private sweeping = false;
  /** The sweep's own connection (one), apart from pg-boss's pool. */
  private readonly sweepPool: Pool;
  /** This process's pg-boss workers (one per `work` poller). */
  private readonly workerIds: string[] = [];
  private readonly wakeup: TaskWakeup;

  constructor(
    url: string,
    private readonly config: Pick<ServerConfig, 'taskTimeoutSeconds' | 'pollSeconds' | 'maintenanceSeconds' | 'heartbeatSeconds' | 'taskLostSeconds'>,
  ) {
    this.sweepPool = new Pool({ connectionString: url, max: 1 });
    this.sweepPool.on('error', () => undefined); // a broken idle connection is replaced on the next sweep
    this.wakeup = new TaskWakeup(url, () => this.wakeWorkers());
    this.boss = new PgBoss({
      connectionString: url,
      schema: 'pgboss',
      max: 4,
      maintenanceIntervalSeconds: config.maintenanceSeconds,
      monitorStateIntervalSeconds: Math.max(1, config.maintenanceSeconds),
    });
    // pg-boss reports background errors as events; a failed poll is retried on its next interval.
    this.boss.on('error', (e) => {
      if (!this.stopping) process.stderr.write(`radsweep: queue: ${e.message}\n`);
    });
  }

  private stopping = false;

  async start(): Promise<void> {
    await this.boss.start();
    this.started = true;
    await this.boss.createQueue(TASK_QUEUE, {
      name: TASK_QUEUE,
      retryLimit: TaskQueue.retryLimit,
      retryDelay: 0,
      expireInSeconds: this.config.taskTimeoutSeconds,
    });
    const [{ version }] = (await this.sweepPool.query(`SELECT version() AS version`)).rows as { version: string }[];
    await this.wakeup.start(version);
    const everyMs = sweepSeconds(this.config) * 1000;
    const next = () => {
      this.sweeper = setTimeout(() => void this.retryLostTasks().finally(() => this.stopping || next()), everyMs);
      this.sweeper.unref();
    };
    next();
  }

  /** How often a running task's worker must report (TaskRunner's heartbeat). */
  get heartbeatSeconds(): number {
    return this.config.heartbeatSeconds;
  }

  /**
   * Hands on the tasks of dead workers (run tasks and external validations): each lost task's job is
   * failed so pg-boss retries it now; a task out of attempts fails its run (a validation: itself).
   * Returns the tasks handled.
   */
  async retryLostTasks(): Promise<(LostTask | LostValidation)[]> {
    if (this.sweeping || this.stopping) return [];
    this.sweeping = true;
    try {
      const sql: SqlRunner = (text, values) => this.sweepPool.query(text, values);
      const lost = await claimLostTasks(sql, this.config.taskLostSeconds);
      for (const task of lost) {
        const message = `worker ${task.worker ?? '?'} stopped sending heartbeats`;
        if (task.attempts > TaskQueue.retryLimit) await failLostTask(sql, task, `${message} on the last of ${task.attempts} attempts`);
        if (task.jobId) await this.boss.fail(TASK_QUEUE, task.jobId, { message });
      }
      const lostValidations = await claimLostValidations(sql, this.config.taskLostSeconds);
      for (const v of lostValidations) {
        const message = `worker ${v.worker ?? '?'} stopped sending heartbeats`;
        if (v.attempts > TaskQueue.retryLimit) await failLostValidation(sql, v, `${message} on the last of ${v.attempts} attempts`);
        if (v.jobId) await this.boss.fail(TASK_QUEUE, v.jobId, { message });
      }
      return [...lost, ...lostValidations];
    } catch (e) {
      if (!this.stopping) process.stderr.write(`radsweep: queue: sweeping lost tasks: ${(e as Error).message}\n`);
      return [];
    } finally {
      this.sweeping = false;
    }
  }

  /** Queues a task; of the waiting ones the highest `priority` is handed out first (the oldest among equals). */
  async enqueue(taskId: string, kind?: TaskJob['kind'], priority = 0): Promise<string> {
    const id = await this.boss.send(TASK_QUEUE, (kind ? { taskId, kind } : { taskId }) satisfies TaskJob, {
      priority,
      retryLimit: TaskQueue.retryLimit,
      expireInSeconds: this.config.taskTimeoutSeconds,
    });
    if (!id) throw new Error(`queue refused task ${taskId}`);
    this.wakeup.announce();
    return id;
  }

  /**
   * Queues several run tasks with one statement (pg-boss `insert`, job ids made here), each with its
   * priority, as `enqueue` would one by one; returns their job ids in the order given. A finishing stage
   * task that unblocks a feature set's fit batches queues them all at once instead of one round trip each.
   */
  async enqueueMany(tasks: { taskId: string; priority: number }[]): Promise<string[]> {
    if (tasks.length === 0) return [];
    const jobs = tasks.map(({ taskId, priority }) => ({
      id: randomUUID(),
      name: TASK_QUEUE,
      data: { taskId } satisfies TaskJob,
      priority,
      retryLimit: TaskQueue.retryLimit,
      expireInSeconds: this.config.taskTimeoutSeconds,
    }));
    await this.boss.insert(jobs);
    this.wakeup.announce();
    return jobs.map((j) => j.id);
  }

  async cancel(jobIds: string[]): Promise<void> {
    if (jobIds.length > 0) await this.boss.cancel(TASK_QUEUE, jobIds);
  }

  /** Starts `concurrency` pollers, each working on one task at a time. */
  async work(concurrency: number, handler: TaskHandler): Promise<void> {
    for (let i = 0; i < concurrency; i++) {
      let workerId = '';
      workerId = await this.boss.work<TaskJob>(
        TASK_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: this.config.pollSeconds, includeMetadata: true },
        async ([job]) => {
          try {
            await handler(job.data, { retryCount: job.retryCount, lastAttempt: job.retryCount >= job.retryLimit });
          } finally {
            // pg-boss would wait out the rest of the polling interval after a short task: fetch the next at once.
            if (workerId) this.boss.notifyWorker(workerId);
          }
        },
      );
      this.workerIds.push(workerId);
    }
  }

  /** Has every worker of this process look for a task now (an idle one leaves its polling wait; a busy one fetches as soon as its task ends). */
  private wakeWorkers(): void {
    if (this.stopping) return;
    for (const id of this.workerIds) this.boss.notifyWorker(id);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.stopping = true;
    if (this.sweeper) clearTimeout(this.sweeper);
    await this.wakeup.stop();
    await this.boss.stop({ graceful: false, wait: true, close: true });
    await this.sweepPool.end();
  }
}

/**
 * How often the lost-task sweep runs: a quarter of the lost-task time (so a lost
 * task waits at most 25 % longer than that), never more often than every 0.1 s
 * and never less often than every 5 s, whatever the settings.
 */
export function sweepSeconds(config: Pick<ServerConfig, 'taskLostSeconds'>): number {
  return Math.min(5, Math.max(0.1, config.taskLostSeconds / 4));
}
