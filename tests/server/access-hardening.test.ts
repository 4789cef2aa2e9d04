import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/databases';
import { AccessApp, sessionCookie, startAccessApp } from './support/access';
import { buildWorld, World } from './support/access-fixture';

describe.each(BACKENDS)('access hardening on %s', (backend) => {
  let server: AccessApp;
  let world: World;

  beforeAll(async () => {
    server = await startAccessApp(backend);
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
});
