import PgBoss from 'pg-boss';
import type { ServerConfig } from '../config/server-config';

export const TASK_QUEUE = 'radsweep-tasks';

/** The payload of a queued task: the run_tasks row to execute. */
export interface TaskJob {
  taskId: string;
}

/** Handles one task; `lastAttempt` is true when pg-boss will not retry it after a failure. */
export type TaskHandler = (job: TaskJob, attempt: { retryCount: number; lastAttempt: boolean }) => Promise<void>;

/**
 * The PostgreSQL job queue (pg-boss, schema `pgboss`, in the same database).
 * A job left active past `taskTimeoutSeconds` (its worker died) is expired by
 * pg-boss's maintenance and retried by another worker, up to `retryLimit` times.
 */
export class TaskQueue {
  static readonly retryLimit = 3;
  private readonly boss: PgBoss;
  private started = false;

  constructor(
    url: string,
    private readonly config: Pick<ServerConfig, 'taskTimeoutSeconds' | 'pollSeconds' | 'maintenanceSeconds'>,
  ) {
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
  }

  async enqueue(taskId: string): Promise<string> {
    const id = await this.boss.send(TASK_QUEUE, { taskId } satisfies TaskJob, {
      retryLimit: TaskQueue.retryLimit,
      expireInSeconds: this.config.taskTimeoutSeconds,
    });
    if (!id) throw new Error(`queue refused task ${taskId}`);
    return id;
  }

  async cancel(jobIds: string[]): Promise<void> {
    if (jobIds.length > 0) await this.boss.cancel(TASK_QUEUE, jobIds);
  }

  /** Starts `concurrency` pollers, each working on one task at a time. */
  async work(concurrency: number, handler: TaskHandler): Promise<void> {
    for (let i = 0; i < concurrency; i++) {
      await this.boss.work<TaskJob>(
        TASK_QUEUE,
        { batchSize: 1, pollingIntervalSeconds: this.config.pollSeconds, includeMetadata: true },
        async ([job]) => {
          await handler(job.data, { retryCount: job.retryCount, lastAttempt: job.retryCount >= job.retryLimit });
        },
      );
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.stopping = true;
    await this.boss.stop({ graceful: false, wait: true, close: true });
  }
}
