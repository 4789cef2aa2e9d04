import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, embeddedUrlFile, openDatabase } from '../../apps/server/src/database/database';
import { runDirOf } from '../../apps/server/src/database/private-files';
import { openTestDatabase, pgliteTemplate } from './support/databases';

// Issue 8 item 1: the embedded PostgreSQL is reachable only by the server's own user.
// (The external PostgreSQL backend is protected by its own authentication; nothing here applies to it.)

/** TCP ports this process listens on (Linux: its socket inodes matched against /proc/net/tcp*). */
function listeningTcpPorts(): number[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!existsSync(table)) continue;
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && cols[3] === '0A' && inodes.has(cols[9])) ports.push(parseInt(cols[1].split(':')[1], 16));
    }
  }
  return ports.sort();
}

/** Every mode under `root` that is not 0700 (folders) or 0600 (files), as 'mode path'. */
function looseModes(root: string): string[] {
  const st = lstatSync(root);
  const mode = st.mode & 0o777;
  const own = st.isDirectory() ? (mode === 0o700 ? [] : [`${mode.toString(8)} ${root}`]) : mode === 0o600 ? [] : [`${mode.toString(8)} ${root}`];
  return st.isDirectory() ? [...own, ...readdirSync(root).flatMap((n) => looseModes(join(root, n)))] : own;
}

/** Where a postgres:// URL leads: a unix socket's folder (?host=/...) or a TCP host and port. */
function target(url: string): { socketDir: string | null; host: string; port: string } {
  const u = new URL(url);
  const host = u.searchParams.get('host') ?? u.hostname;
  return { socketDir: host.startsWith('/') ? host : null, host, port: u.port };
}

/**
 * What another local account (uid 65534, "nobody") gets when it tries the URL file,
 * a data file and the database itself at `url` (needs root to switch user).
 */
function asAnotherUser(url: string, files: string[]): Record<string, string> {
  const probe = `
    const fs = require('node:fs'), net = require('node:net');
    const [url, ...files] = process.argv.slice(1);
    const out = {};
    for (const f of files) { try { fs.readFileSync(f); out[f] = 'read'; } catch (e) { out[f] = e.code; } }
    const u = new URL(url), host = u.searchParams.get('host') ?? u.hostname;
    const s = host.startsWith('/') ? net.connect(host + '/.s.PGSQL.5432') : net.connect(Number(u.port || 5432), host);
    const done = (v) => { out.database = v; process.stdout.write(JSON.stringify(out)); process.exit(0); };
    s.on('connect', () => done('connected'));
    s.on('error', (e) => done(e.code));`;
  const r = spawnSync(process.execPath, ['-e', probe, url, ...files], { uid: 65534, gid: 65534, cwd: '/', encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`probe as uid 65534 failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

describe('embedded database in a data folder', () => {
  // A world-traversable parent, as a home or project folder usually is: only the store's own modes protect it.
  const base = mkdtempSync(join(tmpdir(), 'radsweep-access-'));
  chmodSync(base, 0o755);
  const dataDir = join(base, 'data');
  let db: Database;
  let portsBefore: number[];

  beforeAll(async () => {
    portsBefore = listeningTcpPorts();
    db = await openDatabase({ databaseUrl: null, dataDir }, { loadDataDir: await pgliteTemplate() });
  });
  afterAll(async () => {
    await db?.close();
  });

  it('listens on no TCP port: the URL names a unix socket in the 0700 run folder, with no password', async () => {
    expect(listeningTcpPorts()).toEqual(portsBefore);
    const where = target(db.url);
    expect(where.socketDir).toBe(runDirOf(dataDir));
    expect(new URL(db.url).password).toBe('');
    expect(lstatSync(join(where.socketDir!, '.s.PGSQL.5432')).isSocket()).toBe(true);
    // the owner's processes (server, workers) connect through it with the ordinary driver
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      expect((await client.query('SELECT count(*)::int AS n FROM radsweep_migrations')).rows[0].n).toBeGreaterThan(0);
    } finally {
      await client.end();
    }
  });

  it('keeps the data folder 0700 with 0600 files, the run folder 0700 and the URL file 0600', async () => {
    await db.dataSource.query('CREATE TABLE written_after_start (v text)'); // files PGlite creates while running
    await db.dataSource.query(`INSERT INTO written_after_start SELECT repeat('x', 1000) FROM generate_series(1, 2000)`);
    expect(looseModes(dataDir)).toEqual([]);
    expect(lstatSync(base).mode & 0o777).toBe(0o755); // an existing parent is the user's business, left as it was
    expect(lstatSync(runDirOf(dataDir)).mode & 0o777).toBe(0o700);
    expect(lstatSync(embeddedUrlFile(dataDir)).mode & 0o777).toBe(0o600);
    expect(readFileSync(embeddedUrlFile(dataDir), 'utf8').trim()).toBe(db.url);
  });

  it.skipIf(process.getuid?.() !== 0)('refuses another local user the URL file, the data files and the database', () => {
    const files = [embeddedUrlFile(dataDir), join(dataDir, 'PG_VERSION')];
    expect(asAnotherUser(db.url, files)).toEqual({ [files[0]]: 'EACCES', [files[1]]: 'EACCES', database: 'EACCES' });
  });
});

describe('embedded database in memory (tests)', () => {
  it('serves a 0700 temporary socket folder, no TCP port, and removes the folder on close', async () => {
    const before = listeningTcpPorts();
    const db = await openTestDatabase('embedded');
    const { socketDir } = target(db.url);
    try {
      expect(listeningTcpPorts()).toEqual(before);
      expect(socketDir).toMatch(/^\//);
      expect(lstatSync(socketDir!).mode & 0o777).toBe(0o700);
    } finally {
      await db.close();
    }
    expect(existsSync(socketDir!)).toBe(false);
  });
});

describe('embedded database whose run folder path is too long for a socket', () => {
  it('puts the socket in a 0700 temporary folder instead, named by the URL file, removed on close', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'radsweep-access-')), 'a-long-folder-name-'.repeat(5), 'data');
    const db = await openDatabase({ databaseUrl: null, dataDir }, { loadDataDir: await pgliteTemplate() });
    const { socketDir } = target(db.url);
    try {
      expect(join(runDirOf(dataDir), '.s.PGSQL.5432').length).toBeGreaterThan(107);
      expect(socketDir).not.toBe(runDirOf(dataDir));
      expect(lstatSync(socketDir!).mode & 0o777).toBe(0o700);
      expect(readFileSync(embeddedUrlFile(dataDir), 'utf8').trim()).toBe(db.url);
      expect((await db.dataSource.query('SELECT 1 AS v'))[0].v).toBe(1);
    } finally {
      await db.close();
    }
    expect(existsSync(socketDir!)).toBe(false);
  });
});

describe('folders planted by another user', () => {
  /** A 0777 folder of uid 65534 where the server's own would go. */
  const planted = (dir: string) => {
    mkdirSync(dir, { mode: 0o777 });
    chmodSync(dir, 0o777);
    chownSync(dir, 65534, 65534);
  };

  it.skipIf(process.getuid?.() !== 0)('refuses a run folder it does not own: its socket and lock never go there', async () => {
    const base = mkdtempSync(join(tmpdir(), 'radsweep-access-'));
    const dataDir = join(base, 'data');
    planted(runDirOf(dataDir));
    await expect(openDatabase({ databaseUrl: null, dataDir })).rejects.toThrow(`${runDirOf(dataDir)} belongs to another user (uid 65534)`);
    expect(readdirSync(base).sort()).toEqual(['data.run']);
  });

  it.skipIf(process.getuid?.() !== 0)('refuses a data folder it does not own, and gives the directory up again', async () => {
    const base = mkdtempSync(join(tmpdir(), 'radsweep-access-'));
    const dataDir = join(base, 'data');
    planted(dataDir);
    await expect(openDatabase({ databaseUrl: null, dataDir })).rejects.toThrow(`${dataDir} belongs to another user (uid 65534)`);
    expect(readdirSync(dataDir)).toEqual([]);
    expect(readdirSync(runDirOf(dataDir))).toEqual([]); // the lock was released
    expect(existsSync(embeddedUrlFile(dataDir))).toBe(false);
  });
});
