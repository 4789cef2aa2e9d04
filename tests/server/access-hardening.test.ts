import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userCommand } from '../../apps/server/src/cli/user';
import { DASHBOARD_DIR } from '../../apps/server/src/dashboard/dashboard-assets';
import { passwordProblem } from '../../apps/server/src/users/password-policy';
import { BACKENDS } from './support/databases';
import { AccessApp, sessionCookie, startAccessApp } from './support/access';
import { buildWorld, tinySpec, World } from './support/access-fixture';

const TRIVIAL = ['password1234', 'Password2024!', '123456789012', '210987654321', 'abcdefghijkl', 'aaaaaaaaaaaa', 'ababababababab', 'qwertyuiop12', 'short pw'];

describe('password policy', () => {
  it('refuses short, repetitive, sequential and common passwords; accepts a long phrase', () => {
    for (const pw of TRIVIAL) expect(passwordProblem(pw), pw).not.toBeNull();
    expect(passwordProblem('reviewer2024', 'reviewer')).toMatch(/username/);
    for (const pw of ['correct horse battery', 'pw-owner-x7k2q-long', 'a new long password 42']) expect(passwordProblem(pw, 'owner'), pw).toBeNull();
  });
});

describe.each(BACKENDS)('access hardening on %s', (backend) => {
  let server: AccessApp;
  let world: World;

  beforeAll(async () => {
    server = await startAccessApp(backend, { loginAddressLimit: { capacity: 40, refillPerSecond: 1 / 3600 } });
    world = await buildWorld(server.url, server.dataSource);
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A fresh session of the first-start admin (an administrator's cookie: the CSRF target of the issue). */
  async function adminCookie(): Promise<string> {
    const link = await world.call(world.who.admin, 'POST', `/users/${(await world.call(world.who.admin, 'GET', '/auth/me')).body.id}/login-link`);
    return sessionCookie(await world.call(null, 'GET', link.body.loginLink.replace(/^\/api/, '')));
  }

  it('CSRF: a cookie-authenticated change from another origin (another port of the host) is refused, changing nothing', async () => {
    const cookie = await adminCookie();
    const users = async () => (await server.dataSource.query(`SELECT count(*)::int AS n FROM "users"`))[0].n;
    const before = await users();
    const attacks: Record<string, string>[] = [
      { origin: 'http://127.0.0.1:9999', 'sec-fetch-site': 'same-site' }, // a page on another port: what the issue reproduced
      { origin: 'http://127.0.0.1:9999' }, // an older browser: Origin only
      { origin: 'null' }, // a sandboxed frame
      { 'sec-fetch-site': 'cross-site' },
      { origin: '' }, // no usable Origin, no Sec-Fetch-Site
    ];
    for (const headers of attacks) {
      const res = await world.call({ cookie }, 'POST', '/users', { username: 'csrf-victim' }, headers);
      expect(res.status, JSON.stringify(headers)).toBe(403);
      expect(res.body.message).toMatch(/cross-site request refused/);
    }
    expect(await users()).toBe(before);
    // the dashboard's own page: Sec-Fetch-Site same-origin, or a matching Origin
    expect((await world.call({ cookie }, 'POST', '/users', { username: 'csrf-ok-1' }, { 'sec-fetch-site': 'same-origin' })).status).toBe(201);
    expect((await world.call({ cookie }, 'POST', '/users', { username: 'csrf-ok-2' }, { origin: server.url })).status).toBe(201);
    // reads are not changes; bearer tokens are not sent by browsers on their own, so no check
    expect((await world.call({ cookie }, 'GET', '/users', undefined, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(200);
    expect((await world.call(world.who.admin, 'POST', '/users', { username: 'csrf-ok-3' }, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' })).status).toBe(201);
  });

  it('CSRF: signing in from another site is refused (no login CSRF); the session cookie is SameSite=Strict', async () => {
    const password = world.secrets.passwords[2];
    const cross = await world.call(null, 'POST', '/auth/login', { username: 'pi', password }, { origin: 'http://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(cross.status).toBe(403);
    expect(cross.headers.get('set-cookie')).toBeNull();
    const own = await world.call(null, 'POST', '/auth/login', { username: 'pi', password }, { origin: server.url, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(200);
    expect(own.headers.get('set-cookie')).toMatch(/SameSite=Strict/i);
  });
  it('trivial passwords are refused by the API (new account, password change) and by `radsweep user create`', async () => {
    for (const password of TRIVIAL) {
      const res = await world.call(world.who.admin, 'POST', '/users', { username: 'weak-pw', password });
      expect(res.status, password).toBe(400);
      expect(res.body.message).toMatch(/password/);
    }
    const cookie = sessionCookie(await world.call(null, 'POST', '/auth/login', { username: 'outsider', password: world.secrets.passwords[4] }));
    const change = await world.call({ cookie }, 'PUT', '/auth/password', { currentPassword: world.secrets.passwords[4], newPassword: 'password1234' });
    expect(change.status).toBe(400);
    expect(change.body.message).toMatch(/^newPassword: .*common/);
    const open = async () => ({ ...server.db, dataSource: server.dataSource, close: async () => undefined });
    await expect(userCommand(['create', '--username', 'cli-weak'], { open, askPassword: async () => 'Password2024!', out: () => undefined })).rejects.toThrow(/common/);
    expect(await server.dataSource.query(`SELECT "username" FROM "users" WHERE "username" IN ('weak-pw', 'cli-weak')`)).toEqual([]);
  });

  it('experiment versions count per project: a name used in another project does not show in the number', async () => {
    // buildWorld stored 'tiny' version 1 in project P
    const inQ = await world.call(world.who.outsider, 'POST', `/experiments?projectId=${world.ids.Q}`, { spec: tinySpec('tiny') });
    expect(inQ.status).toBe(201);
    expect(inQ.body.version).toBe(1);
    // edited specs (the same spec again would reuse its latest version)
    const inP = await world.call(world.who.ds, 'POST', `/experiments?projectId=${world.ids.P}`, { spec: { ...tinySpec('tiny'), seed: 2 } });
    expect(inP.body.version).toBe(2);
    const inQAgain = await world.call(world.who.outsider, 'POST', `/experiments?projectId=${world.ids.Q}`, { spec: { ...tinySpec('tiny'), seed: 3 } });
    expect([inQAgain.body.version, inQAgain.body.projectId]).toEqual([2, world.ids.Q]);
  });

  it('a 500 answer carries no database message (it goes to the server log)', async () => {
    await server.dataSource.query(`ALTER TABLE "audit_log" RENAME TO "audit_log_away"`);
    try {
      const res = await world.call(world.who.owner, 'POST', '/projects', { name: 'Fails on audit' });
      expect(res.status).toBe(500);
      expect(res.body).toEqual({ statusCode: 500, error: 'Internal Server Error', message: 'internal error (the details are in the server log)' });
    } finally {
      await server.dataSource.query(`ALTER TABLE "audit_log_away" RENAME TO "audit_log"`);
    }
  });

  it('security headers on the dashboard and the API: CSP without inline script or style, nosniff, no framing, no referrer', async () => {
    for (const path of ['/', '/assets/main.js', '/api/auth/me']) {
      const res = await fetch(`${server.url}${path}`);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp, path).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/style-src 'self'(;|$)/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
    // the CSP does not break the page: no inline script, style block, style attribute or event handler
    const html = readFileSync(join(DASHBOARD_DIR, 'index.html'), 'utf8');
    expect(html.match(/<script(?![^>]*\ssrc=)[^>]*>/g)).toBeNull();
    expect(html).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
  });

  it('disabling a user ends their sessions at once; issuing a login link is audited', async () => {
    const password = world.secrets.passwords[5]; // reviewer2
    const cookie = sessionCookie(await world.call(null, 'POST', '/auth/login', { username: 'reviewer2', password }));
    const sessions = async () => (await server.dataSource.query(`SELECT count(*)::int AS n FROM "sessions" WHERE "user_id" = $1`, [world.ids.reviewer2]))[0].n;
    expect(await sessions()).toBeGreaterThan(0);
    expect((await world.call(world.who.admin, 'PATCH', `/users/${world.ids.reviewer2}`, { disabled: true })).status).toBe(200);
    expect(await sessions()).toBe(0);
    expect((await world.call(world.who.admin, 'PATCH', `/users/${world.ids.reviewer2}`, { disabled: false })).status).toBe(200);
    expect((await world.call({ cookie }, 'GET', '/auth/me')).status).toBe(401); // re-enabling does not bring the session back
    expect((await world.call(world.who.admin, 'POST', `/users/${world.ids.reviewer2}/login-link`)).status).toBe(201);
    const created = await world.call(world.who.admin, 'POST', '/users', { username: 'link-only' });
    const issued = await server.dataSource.query(`SELECT "actor_name", "entity_id" FROM "audit_log" WHERE "action" = 'login-link-issued' ORDER BY "at"`);
    expect(issued.map((r: any) => [r.actor_name, r.entity_id])).toEqual(expect.arrayContaining([
      ['radsweep-server', expect.any(String)], // the first start's link
      ['admin', world.ids.reviewer2],
      ['admin', created.body.user.id],
    ]));
  });

  // last: it uses up this address's sign-in attempts
  it('rate-limits sign-in per address across usernames (password spraying): 429 even for a right password', async () => {
    let refusedAt = -1;
    for (let i = 0; i < 60 && refusedAt < 0; i++) {
      const res = await world.call(null, 'POST', '/auth/login', { username: `sprayed-${i}`, password: 'not the password 1' });
      if (res.status === 429) refusedAt = i;
      else expect(res.status).toBe(401);
    }
    expect(refusedAt).toBeGreaterThanOrEqual(0); // each username was tried once: the per-username limit never applied
    expect(refusedAt).toBeLessThan(40);
    const right = await world.call(null, 'POST', '/auth/login', { username: 'owner', password: world.secrets.passwords[0] });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
