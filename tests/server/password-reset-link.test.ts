import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '../../apps/server/src/users/password-hash';
import { BACKENDS } from './support/databases';
import { AccessApp, client, createAdminToken, sessionCookie, startAccessApp } from './support/access';

const OLD = 'Granite-orchard-81-maple';
const NEW = 'Velvet-compass-36-river';

describe.each(BACKENDS)('a one-time link lets its session set a password without the current one, once, on %s', (backend) => {
  let server: AccessApp;
  let call: ReturnType<typeof client>;
  let admin: { token: string };
  let userId: string;

  beforeAll(async () => {
    server = await startAccessApp(backend);
    call = client(server.url);
    admin = { token: await createAdminToken(server.dataSource) };
    const made = await call(admin, 'POST', '/users', { username: 'forgetful', password: OLD });
    expect(made.status).toBe(201);
    userId = made.body.user.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  const login = async (password: string) => call(null, 'POST', '/auth/login', { username: 'forgetful', password });

  it('a password session needs the current password; a link session does not, once; the link lands on #/set-password', async () => {
    const byPassword = { cookie: sessionCookie(await login(OLD)) };
    expect((await call(byPassword, 'GET', '/auth/me')).body).toMatchObject({ username: 'forgetful', hasPassword: true, passwordReset: false });
    expect((await call(byPassword, 'PUT', '/auth/password', { newPassword: NEW })).status).toBe(401);

    const link = (await call(admin, 'POST', `/users/${userId}/login-link`)).body.loginLink as string;
    const opened = await fetch(`${server.url}${link}`, { redirect: 'manual' });
    expect(opened.status).toBe(303);
    expect(opened.headers.get('location')).toBe('/#/set-password');
    const byLink = { cookie: sessionCookie({ status: 303, body: null, text: '', headers: opened.headers }) };
    expect((await call(byLink, 'GET', '/auth/me')).body).toMatchObject({ hasPassword: true, passwordReset: true });
    // the policy still applies
    expect((await call(byLink, 'PUT', '/auth/password', { newPassword: 'forgetful2026' })).body.message).toMatch(/the password is the username/);
    expect((await call(byLink, 'PUT', '/auth/password', { newPassword: NEW })).status).toBe(200);
    expect((await login(NEW)).status).toBe(200);
    expect((await login(OLD)).status).toBe(401);
    // used up: the same session needs the (new) current password now, and the password session was ended
    expect((await call(byLink, 'GET', '/auth/me')).body.passwordReset).toBe(false);
    expect((await call(byLink, 'PUT', '/auth/password', { newPassword: OLD })).status).toBe(401);
    expect((await call(byPassword, 'GET', '/auth/me')).status).toBe(401);
    // an API token is never a link session
    const token = { token: (await call(byLink, 'POST', '/auth/tokens', { name: 'script' })).body.token as string };
    expect((await call(token, 'GET', '/auth/me')).body.passwordReset).toBe(false);
    const byToken = await call(token, 'PUT', '/auth/password', { newPassword: OLD });
    expect([401, 429]).toContain(byToken.status); // refused: the current password is needed (429 once the sign-in attempts are used up)
    const [{ password_hash }] = await server.dataSource.query(`SELECT "password_hash" FROM "users" WHERE "id" = $1`, [userId]);
    expect(await verifyPassword(NEW, password_hash)).toBe(true); // unchanged
  });
});
