import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userCommand } from '../../apps/server/src/cli/user';
import { verifyPassword } from '../../apps/server/src/users/password-hash';
import { BACKENDS } from './support/databases';
import { AccessApp, captureLogs, createAdminToken, sessionCookie, startAccessApp } from './support/access';
import { buildWorld, World } from './support/access-fixture';

const INJECTIONS = ["' OR '1'='1", "x'; DROP TABLE users; --", '../../etc/passwd', '..%2F..%2Fetc%2Fpasswd', '%00', '$(rm -rf /)', '<script>alert(1)</script>'];

/** Row counts of every table access control writes to: "changes nothing" means these stay equal. */
async function counts(server: AccessApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['users', 'api_tokens', 'sessions', 'login_links', 'projects', 'project_members', 'run_shares', 'audit_log', 'datasets', 'experiments', 'runs']) {
    out[t] = (await server.dataSource.query(`SELECT count(*)::int AS n FROM "${t}"`))[0].n;
  }
  return out;
}

describe.each(BACKENDS)('access control: credentials and bad input on %s', (backend) => {
  let server: AccessApp;
  let world: World;
  const logs = captureLogs();

  beforeAll(async () => {
    server = await startAccessApp(backend, { loginLimit: { capacity: 5, refillPerSecond: 1 / 3600 } });
    world = await buildWorld(server.url, server.dataSource);
  });
  afterAll(async () => {
    logs.stop();
    await server?.close();
  });

  it('first start: a local admin without a password, signed in once by the printed link', async () => {
    expect(world.firstStartMessage).toMatch(/created the local administrator 'admin'.*\/api\/auth\/link\?token=rsl_/);
    const [admin] = await server.dataSource.query(`SELECT "password_hash", "is_admin" FROM "users" WHERE "username" = 'admin'`);
    expect(admin).toEqual({ password_hash: null, is_admin: true });
    const link = /\/api(\/auth\/link\?token=\S+)/.exec(world.firstStartMessage)![1];
    const again = await world.call(null, 'GET', link);
    expect(again.status).toBe(401); // used already
    expect((await world.call(null, 'POST', '/auth/login', { username: 'admin', password: '' })).status).toBe(401);
  });

  it('lists show a reviewer only the runs shared with them and no dataset or experiment', async () => {
    const { call, who, ids } = world;
    expect((await call(who.reviewer, 'GET', '/runs')).body.map((r: any) => r.id)).toEqual([ids.runS]);
    expect((await call(who.reviewer, 'GET', '/datasets')).body).toEqual([]);
    expect((await call(who.reviewer, 'GET', '/experiments')).body).toEqual([]);
    expect((await call(who.outsider, 'GET', '/runs')).body).toEqual([]);
    expect((await call(who.pi, 'GET', '/runs')).body.map((r: any) => r.id).sort()).toEqual([ids.runS, ids.runU].sort());
    expect((await call(who.reviewer, 'GET', '/projects')).body.map((p: any) => [p.name, p.role])).toEqual([['Lung nodules', 'reviewer']]);
    expect((await call(who.reviewer, 'GET', `/projects/${ids.Q}`)).status).toBe(403);
    // without a filter, the cross-run leaderboard shows only the runs the caller may read (README: GET /leaderboard)
    const unfiltered = await call(who.reviewer, 'GET', `/leaderboard`);
    expect(unfiltered.status).toBe(200);
    expect([...new Set(unfiltered.body.items.map((r: any) => r.runId))]).toEqual([ids.runS]);
    expect((await call(who.outsider, 'GET', `/leaderboard`)).body.items).toEqual([]);
    expect((await call(who.reviewer, 'GET', `/leaderboard?runId=${ids.runS}&experimentId=${ids.E}`)).status).toBe(403);
    const preds = await call(who.reviewer, 'GET', `/runs/${ids.runS}/predictions.csv`);
    expect(preds.text).toMatch(/0\.8/);
  });

  it('a new dataset, experiment and run land in the project named, and the owner reads who did it', async () => {
    const { call, who, ids } = world;
    const [{ project_id }] = await server.dataSource.query(`SELECT "project_id" FROM "datasets" WHERE "id" = $1`, [ids.D]);
    expect(project_id).toBe(ids.P);
    expect((await call(who.ds, 'POST', '/experiments', { spec: {} })).status).toBe(400); // no projectId: not in any project
    const audit = await call(who.owner, 'GET', `/projects/${ids.P}/audit`);
    const lines = audit.body.map((e: any) => `${e.actorName} ${e.action} ${e.entity}`);
    expect(lines).toEqual(expect.arrayContaining(['owner created project', 'owner member-added membership', 'ds created dataset', 'ds created experiment', 'ds shared run']));
  });

  it('API tokens: revoked and expired tokens are refused; forged ones too', async () => {
    const { call, who, ids } = world;
    const made = await call(who.ds, 'POST', '/auth/tokens', { name: 'short lived', expiresInDays: 1 });
    const token = { token: made.body.token as string };
    world.secrets.tokens.push(made.body.token);
    expect(made.body.prefix).toBe(made.body.token.slice(0, 10));
    expect((await call(token, 'GET', '/auth/me')).body.username).toBe('ds');
    const listed = await call(who.ds, 'GET', '/auth/tokens');
    expect(listed.body.find((t: any) => t.id === made.body.id)).toMatchObject({ name: 'short lived', prefix: made.body.prefix });
    expect(listed.text).not.toContain(made.body.token);
    await server.dataSource.query(`UPDATE "api_tokens" SET "expires_at" = now() - interval '1 second' WHERE "id" = $1`, [made.body.id]);
    expect((await call(token, 'GET', '/auth/me')).status).toBe(401);
    await server.dataSource.query(`UPDATE "api_tokens" SET "expires_at" = now() + interval '1 day' WHERE "id" = $1`, [made.body.id]);
    expect((await call(token, 'GET', '/auth/me')).status).toBe(200);
    expect((await call(who.reviewer, 'DELETE', `/auth/tokens/${made.body.id}`)).status).toBe(404); // not theirs
    expect((await call(token, 'DELETE', `/auth/tokens/${made.body.id}`)).status).toBe(200);
    expect((await call(token, 'GET', '/auth/me')).status).toBe(401);
    const before = await counts(server);
    const forged = [
      'rsk_' + 'A'.repeat(43),
      made.body.token.slice(0, -1) + (made.body.token.endsWith('A') ? 'B' : 'A'),
      (who.ds as { token: string }).token + 'x',
      "rsk_' OR 1=1 --",
      '',
    ];
    for (const t of forged) expect((await call({ token: t }, 'GET', `/runs/${ids.runS}`)).status).toBe(401);
    for (const header of ['Basic YWRtaW46YWRtaW4=', 'Bearer', 'Bearer a b', `bearer ${(who.ds as { token: string }).token}`]) {
      expect((await call(null, 'GET', '/auth/me', undefined, { authorization: header })).status).toBe(401);
    }
    for (const cookie of ['radsweep_session=rss_' + 'A'.repeat(43), "radsweep_session=' OR 1=1 --", 'radsweep_session=']) {
      expect((await call({ cookie }, 'GET', '/auth/me')).status).toBe(401);
    }
    expect(await counts(server)).toEqual(before);
  });

  it('sessions: HttpOnly SameSite=Strict cookie; logout ends it; a disabled user is out', async () => {
    const { call, who, ids } = world;
    const password = world.secrets.passwords[ROLE_INDEX.pi];
    const login = await call(null, 'POST', '/auth/login', { username: 'pi', password });
    expect(login.status).toBe(200);
    expect(login.headers.get('set-cookie')).toMatch(/radsweep_session=rss_[^;]+;.*HttpOnly.*SameSite=Strict/i);
    const cookie = sessionCookie(login);
    world.secrets.cookies.push(cookie);
    expect((await call({ cookie }, 'GET', `/runs/${ids.runU}`)).status).toBe(200);
    expect((await call({ cookie }, 'POST', '/auth/logout')).status).toBe(200);
    expect((await call({ cookie }, 'GET', '/auth/me')).status).toBe(401);
    expect((await call(who.admin, 'PATCH', `/users/${ids.pi}`, { disabled: true })).status).toBe(200);
    expect((await call(who.pi, 'GET', '/auth/me')).status).toBe(401);
    expect((await call(who.admin, 'PATCH', `/users/${ids.pi}`, { disabled: false })).status).toBe(200);
    expect((await call(who.pi, 'GET', '/auth/me')).status).toBe(200);
  });

  it('password change needs the current password, is stored as scrypt and ends other sessions', async () => {
    const { call } = world;
    const old = world.secrets.passwords[ROLE_INDEX.reviewer2];
    const cookie = sessionCookie(await call(null, 'POST', '/auth/login', { username: 'reviewer2', password: old }));
    const other = sessionCookie(await call(null, 'POST', '/auth/login', { username: 'reviewer2', password: old }));
    world.secrets.cookies.push(cookie, other);
    expect((await call({ cookie }, 'PUT', '/auth/password', { currentPassword: 'wrong password!', newPassword: 'a new long password' })).status).toBe(401);
    expect((await call({ cookie }, 'PUT', '/auth/password', { currentPassword: old, newPassword: 'short' })).status).toBe(400);
    const fresh = 'a new long password 42';
    world.secrets.passwords.push(fresh);
    expect((await call({ cookie }, 'PUT', '/auth/password', { currentPassword: old, newPassword: fresh })).status).toBe(200);
    expect((await call({ cookie: other }, 'GET', '/auth/me')).status).toBe(401);
    expect((await call({ cookie }, 'GET', '/auth/me')).status).toBe(200);
    const [{ password_hash }] = await server.dataSource.query(`SELECT "password_hash" FROM "users" WHERE "username" = 'reviewer2'`);
    expect(password_hash).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword(fresh, password_hash)).toBe(true);
    expect(await verifyPassword(old, password_hash)).toBe(false);
  });

  it('rate-limits login per username and address: 429 with Retry-After, even for the right password', async () => {
    const { call } = world;
    const password = world.secrets.passwords[ROLE_INDEX.outsider];
    // buildWorld signed in once: 4 attempts remain of the burst of 5
    for (let i = 0; i < 4; i++) expect((await call(null, 'POST', '/auth/login', { username: 'outsider', password: 'not it at all' })).status).toBe(401);
    const limited = await call(null, 'POST', '/auth/login', { username: 'outsider', password });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited.headers.get('set-cookie')).toBeNull();
    expect((await call(null, 'POST', '/auth/login', { username: 'owner', password: world.secrets.passwords[ROLE_INDEX.owner] })).status).toBe(200); // another user is not affected
  });

  it('refuses injection and traversal strings in every string parameter with a 4xx, changing nothing', async () => {
    const { call, who, ids } = world;
    const before = await counts(server);
    const statuses: string[] = [];
    const check = async (label: string, p: Promise<{ status: number }>) => {
      const { status } = await p;
      if (status < 400 || status >= 500) statuses.push(`${label}: ${status}`);
    };
    for (const bad of INJECTIONS) {
      const enc = encodeURIComponent(bad);
      await check(`login username ${bad}`, call(null, 'POST', '/auth/login', { username: bad, password: bad }));
      await check(`link ${bad}`, call(null, 'GET', `/auth/link?token=${enc}`));
      await check(`token name ${bad}`, call(who.ds, 'POST', '/auth/tokens', { name: bad }));
      await check(`token days ${bad}`, call(who.ds, 'POST', '/auth/tokens', { name: 'ok', expiresInDays: bad }));
      await check(`token id ${bad}`, call(who.ds, 'DELETE', `/auth/tokens/${enc}`));
      await check(`username ${bad}`, call(who.admin, 'POST', '/users', { username: bad }));
      await check(`display name ${bad}`, call(who.admin, 'POST', '/users', { username: 'fine-name', displayName: bad }));
      await check(`user id ${bad}`, call(who.admin, 'PATCH', `/users/${enc}`, { displayName: 'x' }));
      await check(`user link ${bad}`, call(who.admin, 'POST', `/users/${enc}/login-link`));
      await check(`project name ${bad}`, call(who.owner, 'POST', '/projects', { name: bad }));
      await check(`project description ${bad}`, call(who.owner, 'PATCH', `/projects/${ids.P}`, { name: 'Lung nodules', description: bad }));
      for (const path of ['', '/members', '/audit']) await check(`project id ${bad}${path}`, call(who.owner, 'GET', `/projects/${enc}${path}`));
      await check(`member id ${bad}`, call(who.owner, 'PUT', `/projects/${ids.P}/members/${enc}`, { role: 'pi' }));
      await check(`member role ${bad}`, call(who.owner, 'PUT', `/projects/${ids.P}/members/${ids.pi}`, { role: bad }));
      await check(`member delete ${bad}`, call(who.owner, 'DELETE', `/projects/${ids.P}/members/${enc}`));
      await check(`share user ${bad}`, call(who.ds, 'PUT', `/runs/${ids.runS}/shares/${enc}`));
      await check(`share run ${bad}`, call(who.ds, 'PUT', `/runs/${enc}/shares/${ids.reviewer}`));
      await check(`dataset projectId ${bad}`, call(who.ds, 'POST', `/experiments?projectId=${enc}`, { spec: {} }));
      await check(`run ids ${bad}`, call(who.reviewer, 'GET', `/compare?runs=${ids.runS},${enc}`));
      await check(`leaderboard runId ${bad}`, call(who.reviewer, 'GET', `/leaderboard?runId=${enc}`));
      await check(`launch ${bad}`, call(who.ds, 'POST', '/runs', { experimentId: bad, datasetId: ids.D }));
      for (const path of ['/runs/', '/datasets/', '/experiments/', '/results/']) await check(`${path}${bad}`, call(who.pi, 'GET', `${path}${enc}`));
    }
    expect(statuses).toEqual([]);
    expect(await counts(server)).toEqual(before);
    expect((await server.dataSource.query(`SELECT "name" FROM "projects" ORDER BY "name"`)).map((r: any) => r.name)).not.toContain(INJECTIONS[1]);
  });

  it('refuses oversized and malformed bodies with a 4xx', async () => {
    const { call, who } = world;
    const before = await counts(server);
    const huge = await call(who.owner, 'POST', '/projects', { name: 'x', description: 'y'.repeat(2_000_000) });
    expect(huge.status).toBe(413);
    const bad = await call(who.owner, 'POST', '/projects', '{"name": "unclosed', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect((await call(null, 'POST', '/auth/login', { username: 'owner', password: 'p'.repeat(5000) })).status).toBe(400);
    expect((await call(who.owner, 'POST', '/projects', ['not', 'an', 'object'])).status).toBe(400);
    expect(await counts(server)).toEqual(before);
  });

  it('radsweep user create: a generated one-time password off a terminal, the typed one on it', async () => {
    const out: string[] = [];
    const open = async () => ({ ...server.db, dataSource: server.dataSource, close: async () => undefined });
    expect(await userCommand(['create', '--username', 'cli-admin', '--admin'], { open, askPassword: null, out: (t) => out.push(t) })).toBe(0);
    const generated = /one-time password[^:]*: (\S+)/.exec(out.join(''))![1];
    world.secrets.passwords.push(generated);
    expect((await world.call(null, 'POST', '/auth/login', { username: 'cli-admin', password: generated })).body.user).toMatchObject({ isAdmin: true });
    const typed = 'typed on a terminal 123';
    world.secrets.passwords.push(typed);
    await userCommand(['create', '--username', 'cli-user'], { open, askPassword: async () => typed, out: (t) => out.push(t) });
    expect(out.join('')).not.toContain(typed);
    expect((await world.call(null, 'POST', '/auth/login', { username: 'cli-user', password: typed })).body.user).toMatchObject({ isAdmin: false });
    await expect(userCommand(['create', '--username', "x' OR 1=1"], { open, askPassword: null, out: () => undefined })).rejects.toThrow(/--username/);
    await expect(userCommand(['create', '--username', 'short-pw'], { open, askPassword: async () => 'short', out: () => undefined })).rejects.toThrow(/12 characters/);
  });

  it('createAdminToken (for the existing API tests) gives a token that passes every project check', async () => {
    const token = await createAdminToken(server.dataSource);
    world.secrets.tokens.push(token);
    world.seen.push(token); // handed out once, like a creation answer
    expect((await world.call({ token }, 'GET', `/runs/${world.ids.runU}`)).status).toBe(200);
    expect((await world.call({ token }, 'GET', `/datasets/${world.ids.D}`)).status).toBe(200);
  });

  it('no password, token, session or stored hash appears in any log line or API response (a token only in its creation answer)', async () => {
    const hashes: string[] = [];
    for (const [table, column] of [['users', 'password_hash'], ['api_tokens', 'token_hash'], ['sessions', 'token_hash'], ['login_links', 'token_hash']]) {
      for (const row of await server.dataSource.query(`SELECT "${column}" AS h FROM "${table}" WHERE "${column}" IS NOT NULL`)) hashes.push(row.h);
    }
    expect(hashes.length).toBeGreaterThan(20);
    const logText = logs.lines.join('\n');
    const leaks: string[] = [];
    const cookies = world.secrets.cookies.map((c) => c.split('=')[1]);
    for (const secret of [...world.secrets.passwords, ...world.secrets.tokens, ...cookies, ...hashes, ...hashes.map((h) => h.split('$').pop()!)]) {
      if (logText.includes(secret)) leaks.push(`log: ${secret.slice(0, 8)}`);
      const inResponses = world.seen.filter((text) => text.includes(secret)).length;
      const allowed = world.secrets.tokens.includes(secret) ? 1 : 0;
      if (inResponses > allowed) leaks.push(`responses (${inResponses}): ${secret.slice(0, 8)}`);
    }
    expect(leaks).toEqual([]);
  });
});

/** Position of each user's password in World.secrets.passwords (created in this order by buildWorld). */
const ROLE_INDEX = { owner: 0, ds: 1, pi: 2, reviewer: 3, outsider: 4, reviewer2: 5 };
