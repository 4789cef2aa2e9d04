import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RadSweepInputError } from '@radsweep/core';
import { privateDir, runDirOf } from './private-files';

/** What the lock file says about the process that owns a data directory. */
export interface LockHolder {
  pid: number;
  /** The radsweep command that holds it ('serve', 'migrate', ...). */
  command: string;
  /** HTTP port of a serving holder, once it listens. */
  port: number | null;
  since: string;
  /** Boot id and start time of the process (Linux), so a pid reused after a crash or reboot is not taken for the owner. */
  identity?: string | null;
}

/** A second process wanted a data directory that a live one owns. */
export class DataDirLockedError extends RadSweepInputError {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    const serving = holder.port !== null ? `, port ${holder.port}` : '';
    super(
      `the data directory ${dataDir} is in use by radsweep ${holder.command} (pid ${holder.pid}${serving}): ` +
        `stop that process first, or use another --data-dir`,
    );
  }
}

/** The exclusive ownership of one data directory by this process. */
export interface DataDirLock {
  /** The owner's private (0700) directory: lock file and database socket. */
  runDir: string;
  /** Updates what a refused second process is told (e.g. the port once the server listens). */
  record(info: Partial<Pick<LockHolder, 'command' | 'port'>>): void;
  /** Gives the directory up (only if the lock file is still this process's). */
  release(): void;
}

/**
 * Takes `<dataDir>.run/lock` for this process: the lock file appears at once with
 * its whole content (hard link of a finished draft, which fails if one exists),
 * so a reader never sees it half written. A lock whose pid is dead is stale and
 * taken over; a live holder refuses with its pid and port.
 */
export function lockDataDir(dataDir: string, command = radsweepCommand()): DataDirLock {
  const runDir = privateDir(runDirOf(dataDir));
  const file = join(runDir, 'lock');
  let me: LockHolder = { pid: process.pid, command, port: null, since: new Date().toISOString(), identity: processIdentity(process.pid) };
  const draft = writeDraft(runDir, me);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, file);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const holder = readHolder(file);
      if (holder && isAlive(holder)) throw new DataDirLockedError(dataDir, holder);
      if (attempt >= 5) throw new Error(`could not take the lock ${file}: it keeps changing`);
      if (holder !== undefined) setStaleLockAside(dataDir, file);
    }
  } finally {
    rmSync(draft, { force: true });
  }
  return {
    runDir,
    record(info) {
      me = { ...me, ...info };
      const next = writeDraft(runDir, me);
      renameSync(next, file); // atomic replace: readers see the old or the new content
    },
    release() {
      if (readHolder(file)?.pid === process.pid) rmSync(file, { force: true });
    },
  };
}

/** The live process that owns `dataDir`, or null (no lock, or a stale one). Reads only. */
export function dataDirHolder(dataDir: string): LockHolder | null {
  const holder = readHolder(join(runDirOf(dataDir), 'lock'));
  return holder && isAlive(holder) ? holder : null;
}

/** The subcommand this process runs (`radsweep migrate` -> 'migrate'), or 'radsweep' when not the CLI. */
function radsweepCommand(): string {
  const main = process.argv[1] ?? '';
  return /radsweep(\.js)?$|apps\/cli\/src\/main\.ts$/.test(main) && /^[a-z-]+$/.test(process.argv[2] ?? '') ? process.argv[2] : 'radsweep';
}

function writeDraft(runDir: string, holder: LockHolder): string {
  const draft = join(runDir, `lock.${process.pid}.${randomBytes(6).toString('hex')}`);
  writeFileSync(draft, JSON.stringify(holder) + '\n', { mode: 0o600, flag: 'wx' });
  return draft;
}

/** The holder in a lock file; undefined when there is no file, null when it names nobody (damaged). */
function readHolder(file: string): LockHolder | null | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const parsed = JSON.parse(text);
    return Number.isInteger(parsed?.pid) && parsed.pid > 0 ? parsed : null;
  } catch {
    return null;
  }
}

/** Whether the holder still runs: its pid exists (EPERM: under another user) and, where known, is the same process. */
function isAlive(holder: LockHolder): boolean {
  try {
    process.kill(holder.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = holder.identity ? processIdentity(holder.pid) : null;
  return !now || now === holder.identity;
}

/** `<boot id>/<start time in clock ticks>` of a process on Linux; null elsewhere or when unreadable. */
function processIdentity(pid: number): string | null {
  try {
    const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // from field 3 (state) on
    return `${boot}/${fields[19]}`; // field 22: starttime
  } catch {
    return null;
  }
}

/**
 * Moves a stale lock out of the way without deleting one that a racing process
 * has just taken: the file is renamed first and checked after; a live lock is
 * put back and refuses us.
 */
function setStaleLockAside(dataDir: string, file: string): void {
  const aside = `${file}.stale.${process.pid}`;
  try {
    renameSync(file, aside);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; // someone else moved it
    throw e;
  }
  const holder = readHolder(aside);
  if (holder && isAlive(holder)) {
    try {
      linkSync(aside, file);
    } catch {
      // another process took the directory meanwhile: it holds it, not this one
    }
    rmSync(aside, { force: true });
    throw new DataDirLockedError(dataDir, holder);
  }
  rmSync(aside, { force: true });
}
