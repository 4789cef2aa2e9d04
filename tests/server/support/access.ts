import 'reflect-metadata';
import { INestApplication, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { RadSweepInputError } from '@radsweep/core';
import { AppModule } from '../../../apps/server/src/app.module';
import { AuditService } from '../../../apps/server/src/audit/audit.service';
import { CredentialsService } from '../../../apps/server/src/auth/credentials.service';
import { UsersService } from '../../../apps/server/src/users/users.service';
import { AccessOptions, DEFAULT_ACCESS_OPTIONS } from '../../../apps/server/src/auth/access-options';
import { Database } from '../../../apps/server/src/database/database';
import { ErrorFilter } from '../../../apps/server/src/http/error.filter';
import { securityHeaders } from '../../../apps/server/src/http/security-headers';
import { TaskQueue } from '../../../apps/server/src/queue/task-queue';
import { Backend, openTestDatabase } from './databases';
import { testConfig } from './api';

/** Cheap scrypt for tests (the format and code path are the production ones). */
export const TEST_ACCESS_OPTIONS: AccessOptions = {
  ...DEFAULT_ACCESS_OPTIONS,
  scrypt: { N: 1 << 10, r: 8, p: 1 },
  loginAddressLimit: { capacity: 1000, refillPerSecond: 1 }, // every test signs in from 127.0.0.1
};

export interface AccessApp {
  url: string;
  app: INestApplication;
  db: Database;
  /** The store's data source (db.dataSource). */
  dataSource: DataSource;
  close(): Promise<void>;
}

/** A store of its own, migrated (access control's tables included); `dataSource` is the store's own. */
export async function openAccessDatabase(backend: Backend): Promise<{ db: Database; dataSource: DataSource }> {
  const db = await openTestDatabase(backend);
  return { db, dataSource: db.dataSource };
}

/**
 * The API as the server builds it (prefix, validation, error filter) with
 * AccessModule imported: what app.module.ts will be once access control is on.
 * No in-process workers: launched runs stay queued.
 */
export async function startAccessApp(backend: Backend, options: Partial<AccessOptions> = {}): Promise<AccessApp> {
  const { db, dataSource } = await openAccessDatabase(backend);
  const config = testConfig({ concurrency: 0 });
  const queue = new TaskQueue(db.url, config);
  await queue.start();
  const app = await NestFactory.create(AppModule.forRoot(dataSource, queue, config, { ...TEST_ACCESS_OPTIONS, ...options }), { logger: ['error', 'warn'] });
  app.use(securityHeaders);
  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new ValidationPipe({ transform: true, whitelist: true, exceptionFactory: (errors) => new RadSweepInputError(errors.flatMap((e) => Object.values(e.constraints ?? {})).join('; ')) }),
  );
  app.useGlobalFilters(new ErrorFilter());
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    db,
    dataSource,
    async close() {
      await queue.stop();
      await app.close();
      await db.close();
    },
  };
}

/** One HTTP exchange as a test sees it. */
export interface Exchange {
  status: number;
  body: any;
  text: string;
  headers: Headers;
}

/** Who calls: an API token, a session cookie, or nobody. */
export type Caller = { token: string } | { cookie: string } | null;

/** Calls the API as `who`; every response text is kept in `seen` (to check that no secret leaks). */
export function client(base: string, seen: string[] = []) {
  return async function call(who: Caller, method: string, path: string, body?: unknown, extraHeaders: Record<string, string> = {}): Promise<Exchange> {
    const headers: Record<string, string> = { ...extraHeaders };
    if (who && 'token' in who) headers.authorization = `Bearer ${who.token}`;
    if (who && 'cookie' in who) {
      headers.cookie = who.cookie;
      headers.origin ??= base; // what a browser sends from the dashboard's own page (the CSRF check wants it)
    }
    let payload: BodyInit | undefined;
    if (body instanceof FormData || typeof body === 'string') payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(`${base}/api${path}`, { method, headers, body: payload, redirect: 'manual' });
    const text = await res.text();
    seen.push(text);
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // text bodies (CSV, SSE) stay text
    }
    return { status: res.status, body: parsed, text, headers: res.headers };
  };
}

/** The session cookie of a login answer, as a Cookie header value. */
export function sessionCookie(res: Exchange): string {
  const set = res.headers.get('set-cookie') ?? '';
  const match = /radsweep_session=([^;]+)/.exec(set);
  if (!match) throw new Error(`no session cookie in ${set}`);
  return `radsweep_session=${match[1]}`;
}

/** Everything written to stdout, stderr and the console while `capture` is on. */
export function captureLogs(): { lines: string[]; stop(): void } {
  const lines: string[] = [];
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  const hook = (write: typeof out) =>
    ((chunk: unknown, ...rest: unknown[]) => {
      lines.push(String(chunk));
      return (write as (...a: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof out;
  process.stdout.write = hook(out);
  process.stderr.write = hook(err);
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) {
    const original = console[m];
    console[m] = (...args: unknown[]) => {
      lines.push(args.map(String).join(' '));
      original(...args);
    };
  }
  return {
    lines,
    stop() {
      process.stdout.write = out;
      process.stderr.write = err;
      methods.forEach((m, i) => (console[m] = saved[i]));
    },
  };
}

/**
 * An administrator and an API token for them, written straight to the store:
 * what every existing API test needs once access control is on
 * (send `authorization: Bearer <token>`; admins pass every project check).
 */
export async function createAdminToken(dataSource: DataSource, username = 'test-admin'): Promise<string> {
  const audit = new AuditService(dataSource);
  const user = await new UsersService(dataSource, audit, TEST_ACCESS_OPTIONS).create({ id: null, username: 'tests' }, { username, admin: true });
  return (await new CredentialsService(dataSource, TEST_ACCESS_OPTIONS).createToken(user.id, 'tests')).token;
}
