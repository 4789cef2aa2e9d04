import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ProgressHub } from '../../apps/server/src/runs/progress-hub';
import { BACKENDS } from './support/databases';
import { AccessApp, sessionCookie, startAccessApp } from './support/access';
import { buildWorld, storedRun, World } from './support/access-fixture';
import { openProgressStream, SseEvent, SseStream } from './support/sse';

const progress = (e: SseEvent) => (e.type === 'progress' ? JSON.parse(e.data) : null);
const STREAMS = { perUser: 3, total: 6, pollSeconds: 0.05, recheckSeconds: 0.1 };

describe.each(BACKENDS)('live progress streams on %s', (backend) => {
  let server: AccessApp;
  let world: World;
  let hub: ProgressHub;
  const open: SseStream[] = [];

  /** A run of project P in progress (one running task of 10 fits), stored straight in the store. */
  async function runningRun(): Promise<string> {
    const { runId } = await storedRun(server.dataSource, world.ids.P, world.ids.E, world.ids.D);
    await server.dataSource.query(`UPDATE "runs" SET "status" = 'running', "tasks_done" = 0, "finished_at" = NULL WHERE "id" = $1`, [runId]);
    await server.dataSource.query(`INSERT INTO "run_tasks" ("run_id", "feature_set", "position", "status", "fits_total") VALUES ($1, 'all', 0, 'running', 10)`, [runId]);
    return runId;
  }
  const stream = async (...args: Parameters<typeof openProgressStream> extends [string, ...infer R] ? R : never) => {
    const s = await openProgressStream(server.url, ...args);
    open.push(s);
    return s;
  };
  const closeAll = async () => {
    for (const s of open.splice(0)) s.close();
    await vi.waitFor(() => expect(hub.open).toBe(0), { timeout: 20_000 });
  };

  beforeAll(async () => {
    server = await startAccessApp(backend, { streams: STREAMS });
    world = await buildWorld(server.url, server.dataSource);
    hub = server.app.get(ProgressHub);
  });
  afterEach(closeAll);
  afterAll(async () => {
    await server?.close();
  });

  it('sends the current progress, each change, and ends after the terminal status', async () => {
    const runId = await runningRun();
    const s = await stream(world.who.pi, runId);
    expect(s.status).toBe(200);
    expect(progress(await s.waitFor((e) => e.type === 'progress'))).toMatchObject({ id: runId, status: 'running', fitsDone: 0, fitsTotal: 10 });
    await server.dataSource.query(`UPDATE "run_tasks" SET "fits_done" = 4 WHERE "run_id" = $1`, [runId]);
    expect(progress(await s.waitFor((e) => progress(e)?.fitsDone === 4)).tasks).toEqual([expect.objectContaining({ featureSet: 'all', fitsDone: 4, fitsTotal: 10 })]);
    await server.dataSource.query(`UPDATE "runs" SET "status" = 'succeeded', "tasks_done" = 1 WHERE "id" = $1`, [runId]);
    await s.ended;
    expect(progress(s.events.at(-1)!).status).toBe('succeeded');
    expect(s.events.filter((e) => progress(e)?.fitsDone === 4).length).toBe(2); // only changes are sent (4 running, then succeeded)
  });

  it('reads every watched run in ONE read-only query per tick, whatever the number of streams', async () => {
    const runs = [await runningRun(), await runningRun()];
    const callers = [world.who.pi, world.who.ds, world.who.owner];
    for (const who of callers) for (const runId of runs) await (await stream(who, runId)).waitFor((e) => e.type === 'progress');
    expect(hub.open).toBe(6);
    const queries: string[] = [];
    const ds = server.dataSource as unknown as { query: (...a: unknown[]) => Promise<unknown> };
    const query = ds.query.bind(ds);
    ds.query = (...args) => (queries.push(String(args[0])), query(...args)); // every raw query of the window
    const ticks0 = hub.stats.ticks;
    await vi.waitFor(() => expect(hub.stats.ticks - ticks0).toBeGreaterThanOrEqual(5), { timeout: 20_000 });
    delete (ds as { query?: unknown }).query; // back to DataSource.prototype.query
    const ticks = hub.stats.ticks - ticks0;
    const progressReads = queries.filter((q) => q.includes('json_agg')).length;
    expect(progressReads).toBeGreaterThanOrEqual(ticks - 1); // a tick in flight at either end may fall outside the window
    expect(progressReads).toBeLessThanOrEqual(ticks + 1); // not one per stream (6 streams)
    expect(queries.every((q) => /^\s*SELECT/i.test(q))).toBe(true); // streams never write
    const states = await server.dataSource.query(`SELECT "status" FROM "runs" WHERE "id" = ANY($1::uuid[])`, [runs]);
    expect(states.map((r: any) => r.status)).toEqual(['running', 'running']);
  });

  it('caps streams per user and in total with a 429 naming the limit', async () => {
    const runId = await runningRun();
    for (let i = 0; i < STREAMS.perUser; i++) expect((await stream(world.who.pi, runId)).status).toBe(200);
    const overUser = await stream(world.who.pi, runId);
    expect(overUser.status).toBe(429);
    expect(overUser.refusal.message).toMatch(/at most 3 per user \(RADSWEEP_STREAMS_PER_USER\)/);
    for (let i = 0; i < STREAMS.total - STREAMS.perUser; i++) expect((await stream(world.who.ds, runId)).status).toBe(200);
    const overTotal = await stream(world.who.owner, runId);
    expect(overTotal.status).toBe(429);
    expect(overTotal.refusal.message).toMatch(/at most 6 \(RADSWEEP_STREAMS_TOTAL\)/);
    await closeAll();
    expect((await stream(world.who.owner, runId)).status).toBe(200); // closed streams free their places
  });

  it('ends the stream of a run unshared from its reviewer', async () => {
    const runId = await runningRun();
    expect((await world.call(world.who.ds, 'PUT', `/runs/${runId}/shares/${world.ids.reviewer}`)).status).toBe(204);
    const s = await stream(world.who.reviewer, runId);
    await s.waitFor((e) => e.type === 'progress');
    expect((await world.call(world.who.ds, 'DELETE', `/runs/${runId}/shares/${world.ids.reviewer}`)).status).toBe(204);
    await s.waitFor((e) => e.type === 'closed');
    await s.ended;
    expect((await stream(world.who.reviewer, runId)).status).toBe(403);
  });

  it('ends the streams of a signed-out session and of a disabled user', async () => {
    const runId = await runningRun();
    const password = world.secrets.passwords[2]; // pi
    const cookie = sessionCookie(await world.call(null, 'POST', '/auth/login', { username: 'pi', password }));
    const bySession = await stream({ cookie }, runId);
    const byToken = await stream(world.who.pi, runId);
    await bySession.waitFor((e) => e.type === 'progress');
    expect((await world.call({ cookie }, 'POST', '/auth/logout')).status).toBe(200);
    await bySession.ended;
    expect(hub.open).toBe(1);
    expect((await world.call(world.who.admin, 'PATCH', `/users/${world.ids.pi}`, { disabled: true })).status).toBe(200);
    await byToken.waitFor((e) => e.type === 'closed');
    await byToken.ended;
    expect((await world.call(world.who.admin, 'PATCH', `/users/${world.ids.pi}`, { disabled: false })).status).toBe(200);
  });

  it('ends the stream of a member removed from the project', async () => {
    const runId = await runningRun();
    const s = await stream(world.who.ds, runId);
    await s.waitFor((e) => e.type === 'progress');
    expect((await world.call(world.who.owner, 'DELETE', `/projects/${world.ids.P}/members/${world.ids.ds}`)).status).toBe(204);
    await s.waitFor((e) => e.type === 'closed');
    await s.ended;
    expect(hub.open).toBe(0);
  });
});
