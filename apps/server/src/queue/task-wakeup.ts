import { Client } from 'pg';

/** The channel on which a process that queued tasks tells every other process's workers to look at once. */
export const TASK_CHANNEL = 'radsweep_tasks';

/**
 * Wakes idle queue workers when tasks are queued, instead of leaving them to their next poll. Every
 * process listens on TASK_CHANNEL (its own connection, LISTEN) and wakes its workers when any process
 * announces queued tasks. The embedded store (PGlite behind one shared session) has no LISTEN/NOTIFY:
 * there a process wakes only its own workers, and other processes find the tasks at their next poll.
 */
export class TaskWakeup {
  private client: Client | null = null;
  private announcing: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(
    private readonly url: string,
    private readonly wake: () => void,
  ) {}

  /** Listens for other processes' announcements, unless the store is the embedded PGlite (`version`: the store's `SELECT version()`). */
  async start(version: string): Promise<void> {
    if (/PGlite/i.test(version)) return;
    const client = new Client({ connectionString: this.url });
    client.on('error', () => undefined); // a lost listener leaves polling to find the tasks
    client.on('notification', () => this.wake());
    await client.connect();
    await client.query(`LISTEN ${TASK_CHANNEL}`);
    this.client = client;
  }

  /** Says tasks were queued: this process's workers at once, other processes' by NOTIFY (one in flight at a time, one more if asked meanwhile). */
  announce(): void {
    this.wake();
    if (!this.client || this.closed) return;
    if (this.announcing) {
      this.again = true;
      return;
    }
    const client = this.client;
    this.announcing = client
      .query(`SELECT pg_notify($1, '')`, [TASK_CHANNEL])
      .then(
        () => undefined,
        () => undefined, // a failed announcement only delays the tasks to the next poll
      )
      .finally(() => {
        this.announcing = null;
        if (this.again) {
          this.again = false;
          this.announce();
        }
      });
  }

  async stop(): Promise<void> {
    this.closed = true;
    await this.announcing;
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }
}
