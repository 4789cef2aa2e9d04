import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError } from '../../apps/server/src/database/data-dir-lock';
import { embeddedUrlFile, openDatabase } from '../../apps/server/src/database/database';
import { runDirOf } from '../../apps/server/src/database/private-files';
import { startServer } from '../../apps/server/src/server';
import { REPO, testConfig, until } from './support/api';
import { pgliteTemplate } from './support/databases';

// Issue 9 items 1 and 4: one owner per embedded data directory; `serve` on a taken port exits and touches nothing.

interface Cli {
  child: ChildProcess;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** `node bin/radsweep.js ...args` as a user runs it, on the embedded store (no DATABASE_URL). */
function radsweep(args: string[]): Cli {
  const env: NodeJS.ProcessEnv = { ...process.env, RADSWEEP_DEBUG: '' };
  delete env.DATABASE_URL;
  delete env.RADSWEEP_DATA_DIR;
  const child = spawn(process.execPath, [join(REPO, 'bin/radsweep.js'), ...args], { cwd: REPO, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (b) => (err += b));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, stderr: () => err, exited };
}

/** The state of a data directory's owner files, to show a refused process changed nothing. */
function ownerFiles(dataDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const url = embeddedUrlFile(dataDir);
  if (existsSync(url)) out.url = readFileSync(url, 'utf8');
  const run = runDirOf(dataDir);
  if (existsSync(run)) for (const name of readdirSync(run)) out[`run/${name}`] = name === 'lock' ? readFileSync(join(run, name), 'utf8') : 'present';
  return out;
}

/** A pid that no process has any more. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid!;
}

describe('one process per embedded data directory (in-process)', () => {
  const base = mkdtempSync(join(tmpdir(), 'radsweep-lock-'));

  it('refuses a second opener naming the holder, and the refused one removes nothing', async () => {
    const dataDir = join(base, 'shared');
    const first = await openDatabase({ databaseUrl: null, dataDir }, { loadDataDir: await pgliteTemplate(), command: 'serve' });
    try {
      first.lock!.record({ port: 8123 });
      const before = ownerFiles(dataDir);
      const second = openDatabase({ databaseUrl: null, dataDir }, { command: 'migrate' });
      await expect(second).rejects.toBeInstanceOf(DataDirLockedError);
      await expect(second).rejects.toThrow(`the data directory ${dataDir} is in use by radsweep serve (pid ${process.pid}, port 8123)`);
      expect(ownerFiles(dataDir)).toEqual(before);
      expect((await first.dataSource.query('SELECT 1 AS v'))[0].v).toBe(1);
    } finally {
      await first.close();
    }
    expect(ownerFiles(dataDir)).toEqual({}); // the owner cleans up after itself
  });

  it('takes over a lock left by a dead process, by a process whose pid was reused (Linux), or a damaged one', async () => {
    const dataDir = join(base, 'stale');
    mkdirSync(runDirOf(dataDir), { recursive: true, mode: 0o700 });
    let template: Blob | undefined = await pgliteTemplate();
    const locks = [
      JSON.stringify({ pid: await deadPid(), command: 'serve', port: 8080, since: '' }),
      // a live pid (this one) that another process of an earlier boot held
      ...(existsSync('/proc/self/stat') ? [JSON.stringify({ pid: process.pid, command: 'serve', port: 8080, since: '', identity: 'an-earlier-boot/42' })] : []),
      '{"pid": trunc',
    ];
    for (const lock of locks) {
      writeFileSync(join(runDirOf(dataDir), 'lock'), lock);
      writeFileSync(embeddedUrlFile(dataDir), 'postgres://left-behind\n');
      const db = await openDatabase({ databaseUrl: null, dataDir }, { loadDataDir: template });
      template = undefined; // the folder exists from now on
      try {
        expect(JSON.parse(readFileSync(join(runDirOf(dataDir), 'lock'), 'utf8')).pid).toBe(process.pid);
        expect(readFileSync(embeddedUrlFile(dataDir), 'utf8').trim()).toBe(db.url);
      } finally {
        await db.close();
      }
    }
  });
});

describe('a server that cannot listen', () => {
  it('closes its store and gives the data directory up instead of holding it (the port taken after serve checked it)', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const dataDir = join(mkdtempSync(join(tmpdir(), 'radsweep-lock-')), 'data');
    try {
      await (await openDatabase({ databaseUrl: null, dataDir }, { loadDataDir: await pgliteTemplate() })).close(); // an existing store: no initdb
      const port = (blocker.address() as { port: number }).port;
      await expect(startServer(testConfig({ concurrency: 0, dataDir, port }))).rejects.toThrow(/EADDRINUSE/);
      expect(ownerFiles(dataDir)).toEqual({});
      const again = await openDatabase({ databaseUrl: null, dataDir });
      await again.close();
    } finally {
      blocker.close();
    }
  });
});

describe('radsweep serve, migrate and worker on one data directory (real processes)', () => {
  const base = mkdtempSync(join(tmpdir(), 'radsweep-lock-cli-'));
  const dataDir = join(base, 'data');
  const started: Cli[] = [];
  const blockers: Server[] = [];
  afterAll(async () => {
    for (const p of started) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    for (const b of blockers) b.close();
  });
  const run = (args: string[]) => {
    const p = radsweep(args);
    started.push(p);
    return p;
  };
  const serving = async (p: Cli) => {
    const line = await until('the server to listen', async () => /serving http:\/\/127\.0\.0\.1:(\d+)\/api/.exec(p.stderr()) ?? (p.child.exitCode !== null ? Promise.reject(new Error(p.stderr())) : null), 300_000);
    return Number(line[1]);
  };

  it('refuses a second serve and a migrate naming the owner pid and port, leaves its files alone, and its workers find it', async () => {
    const owner = run(['serve', '--port', '0', '--workers', '0', '--data-dir', dataDir]);
    const port = await serving(owner);
    const before = ownerFiles(dataDir);
    expect(JSON.parse(before['run/lock'])).toMatchObject({ pid: owner.child.pid, command: 'serve', port });

    const holder = new RegExp(`data directory ${dataDir} is in use by radsweep serve \\(pid ${owner.child.pid}, port ${port}\\)`);
    const second = run(['serve', '--port', '0', '--workers', '0', '--data-dir', dataDir]);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toMatch(holder);
    const migrate = run(['migrate', '--data-dir', dataDir]);
    expect(await migrate.exited).not.toBe(0);
    expect(migrate.stderr()).toMatch(holder);
    expect(ownerFiles(dataDir)).toEqual(before);

    const worker = run(['worker', '--concurrency', '1', '--threads', '1', '--data-dir', dataDir]);
    await until('the worker to connect', async () => /waiting for tasks/.test(worker.stderr()) || (worker.child.exitCode !== null ? Promise.reject(new Error(worker.stderr())) : false), 300_000);
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toBe(0);

    // killed without cleaning up: the next serve takes the stale lock over
    owner.child.kill('SIGKILL');
    await owner.exited;
    const next = run(['serve', '--port', '0', '--workers', '0', '--data-dir', dataDir]);
    const nextPort = await serving(next);
    expect(JSON.parse(ownerFiles(dataDir)['run/lock'])).toMatchObject({ pid: next.child.pid, port: nextPort });
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
    expect(ownerFiles(dataDir)).toEqual({});
  }, 600_000); // five CLI processes (each compiles on start) on a shared 2-core machine

  it('exits 1 on a port in use, naming it, before opening or writing anything', async () => {
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const fresh = join(base, 'untouched', 'data');
    const serve = run(['serve', '--port', String(port), '--workers', '0', '--data-dir', fresh]);
    expect(await serve.exited).toBe(1);
    expect(serve.stderr()).toMatch(new RegExp(`port ${port} on 127\\.0\\.0\\.1 is already in use`));
    expect(serve.stderr()).not.toMatch(/internal error/);
    expect(existsSync(join(base, 'untouched'))).toBe(false);
  });
});
