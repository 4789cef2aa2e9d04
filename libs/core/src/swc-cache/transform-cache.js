'use strict';
/*
 * A persistent, content-addressed cache of swc's output for TypeScript files, shared by every process and thread
 * of the repository (CLI, engine worker threads, server worker processes).
 *
 * Why: @swc-node/register loads the TypeScript compiler (to read tsconfig.json) and @swc/core in every process and
 * worker thread at start, before its own cache can answer; a warm start here needs neither.
 *
 * An entry's key is the sha256 of everything the output depends on: the file's source text and absolute path, the
 * text of the tsconfig chain swc's options are derived from, the environment variables @swc-node/register reads,
 * and the versions of @swc/core, @swc-node/register and typescript. A changed source (or config, or upgrade) is a
 * new key, so an entry can never serve stale code. Entries are written to a unique temporary name and renamed into
 * place (readers see a whole entry or none; two processes writing the same key write the same bytes) and carry the
 * sha256 of their code, so a corrupt or truncated entry is ignored and transformed again.
 *
 * Pruning: every edit of a source leaves its old entry behind, so the cache would only grow. An entry's mtime is
 * its last use (a hit refreshes an mtime older than a day: one futimes, not one per start); after a miss, at most
 * once a day per cache directory (the mtime of `.pruned`), entries unused for PRUNE_AFTER_DAYS days and temporary
 * files an hour old are deleted. Deleting a live entry only costs its next start one transform.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

/** Bumped when the entry format or what goes into a key changes. */
const FORMAT = 'radsweep-swc-cache/1';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const DEFAULT_CACHE_DIR = path.join(REPO, 'node_modules', '.cache', 'radsweep-swc');

/** An entry unused for this long is deleted by the daily prune. */
const PRUNE_AFTER_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;
/** A temporary file this old was left by a writer that died between write and rename. */
const STALE_TMP_MS = 60 * 60 * 1000;

/** The environment variables @swc-node/register reads that change what it emits. */
const SWC_NODE_ENV = ['SWCRC', 'SWC_CONFIG_FILE', 'SWC_NODE_SOURCE_MAP_MODE', 'SWC_NODE_INLINE_SOURCE_MAP', 'SWC_NODE_IGNORE_DYNAMIC'];

function sha256(text) {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function packageVersion(name) {
  let dir = path.dirname(require.resolve(name));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
      if (pkg.name === name) return pkg.version;
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`package.json of ${name} not found`);
    dir = up;
  }
}

/** The texts of tsconfig `project` and of the configs it extends (relative paths only: the repository's own). */
function tsconfigChainText(project) {
  const parts = [];
  let file = path.resolve(project);
  const seen = new Set();
  while (file && !seen.has(file)) {
    seen.add(file);
    const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    parts.push(`${file}\0${text}`);
    const ext = /"extends"\s*:\s*"([^"]+)"/.exec(text);
    file = ext && ext[1].startsWith('.') ? path.resolve(path.dirname(file), ext[1].endsWith('.json') ? ext[1] : `${ext[1]}.json`) : null;
  }
  return parts.join('\0');
}

/**
 * What every key of one process shares: format, tool versions, tsconfig chain, environment and whether Node maps
 * stack traces itself (which decides whether @swc-node/register keeps maps in memory).
 */
function configurationSalt(project) {
  return [
    FORMAT,
    `@swc/core@${packageVersion('@swc/core')}`,
    `@swc-node/register@${packageVersion('@swc-node/register')}`,
    `typescript@${packageVersion('typescript')}`,
    ...SWC_NODE_ENV.map((name) => `${name}=${process.env[name] ?? ''}`),
    `sourceMapsEnabled=${Boolean(process.sourceMapsEnabled)}`,
    tsconfigChainText(project),
  ].join('\0');
}

/** A cache of transformed files in `dir`, for the tsconfig `project`; `transform(source, filename)` runs on a miss. */
class TransformCache {
  constructor({ dir = DEFAULT_CACHE_DIR, project, transform }) {
    this.dir = dir;
    this.salt = sha256(configurationSalt(project));
    this.transform = transform;
    this.stats = { hits: 0, misses: 0, rejected: 0 };
    this.writes = 0;
    this.pruneChecked = false;
  }

  keyOf(source, filename) {
    return sha256(`${this.salt}\0${filename}\0${source}`);
  }

  entryPath(key) {
    return path.join(this.dir, key.slice(0, 2), `${key}.json`);
  }

  /** The code for `filename` (and its source map, or null): from the cache, else transformed and stored. */
  get(source, filename) {
    const key = this.keyOf(source, filename);
    const cached = this.read(key, filename);
    if (cached) {
      this.stats.hits++;
      return cached;
    }
    this.stats.misses++;
    const { code, map } = this.transform(source, filename);
    this.write(key, filename, code, map ?? null);
    // a miss means sources changed, which is when old entries pile up; hits never pay for the check
    if (!this.pruneChecked) {
      this.pruneChecked = true;
      this.pruneIfDue();
    }
    return { code, map: map ?? null };
  }

  /** The entry of `key`, or null when there is none or it is not whole (bad JSON, another file's, code checksum off). */
  read(key, filename) {
    let text;
    let mtimeMs;
    let fd;
    try {
      fd = fs.openSync(this.entryPath(key), 'r');
      mtimeMs = fs.fstatSync(fd).mtimeMs;
      text = fs.readFileSync(fd, 'utf8');
    } catch {
      if (fd !== undefined) fs.closeSync(fd);
      return null;
    }
    try {
      const entry = JSON.parse(text);
      if (entry.format === FORMAT && entry.key === key && entry.filename === filename && typeof entry.code === 'string' && entry.codeSha256 === sha256(entry.code)) {
        this.markUsed(fd, mtimeMs);
        return { code: entry.code, map: typeof entry.map === 'string' ? entry.map : null };
      }
    } catch {
      // fall through: a corrupt entry is a miss, overwritten by the fresh transform
    } finally {
      fs.closeSync(fd);
    }
    this.stats.rejected++;
    return null;
  }

  /** A hit on an entry last marked over a day ago: its mtime becomes now, so the prune keeps it. */
  markUsed(fd, mtimeMs) {
    const now = Date.now();
    if (now - mtimeMs < DAY_MS) return;
    try {
      fs.futimesSync(fd, now / 1000, now / 1000);
    } catch {
      // a read-only cache is still a cache; the prune may then drop this entry, costing one transform
    }
  }

  /** The daily prune, if the last one (any process's) is over a day old. Best effort, as `write`. */
  pruneIfDue(now = Date.now()) {
    const stamp = path.join(this.dir, '.pruned');
    try {
      if (now - fs.statSync(stamp).mtimeMs < DAY_MS) return null;
    } catch {
      // never pruned: prune now
    }
    try {
      fs.mkdirSync(this.dir, { recursive: true });
      fs.writeFileSync(stamp, '');
    } catch {
      return null;
    }
    return this.prune(now);
  }

  /** Deletes entries unused for PRUNE_AFTER_DAYS days and stale temporary files; returns how many of each. */
  prune(now = Date.now()) {
    const removed = { entries: 0, temporary: 0 };
    let shards;
    try {
      shards = fs.readdirSync(this.dir, { withFileTypes: true }).filter((d) => d.isDirectory() && /^[0-9a-f]{2}$/.test(d.name));
    } catch {
      return removed;
    }
    for (const shard of shards) {
      const shardDir = path.join(this.dir, shard.name);
      for (const name of fs.readdirSync(shardDir)) {
        const file = path.join(shardDir, name);
        const kind = name.endsWith('.tmp') ? 'temporary' : name.endsWith('.json') ? 'entries' : null;
        if (!kind) continue;
        try {
          const age = now - fs.statSync(file).mtimeMs;
          if (age > (kind === 'temporary' ? STALE_TMP_MS : PRUNE_AFTER_DAYS * DAY_MS)) {
            fs.rmSync(file, { force: true });
            removed[kind]++;
          }
        } catch {
          // removed meanwhile by another process's prune
        }
      }
    }
    return removed;
  }

  /** Best effort: a cache that cannot be written (read-only tree, full disk) only costs the next start a transform. */
  write(key, filename, code, map) {
    const target = this.entryPath(key);
    const tmp = `${target}.${process.pid}.${require('node:worker_threads').threadId}.${this.writes++}.tmp`;
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(tmp, JSON.stringify({ format: FORMAT, key, filename, codeSha256: sha256(code), code, map }));
      fs.renameSync(tmp, target);
    } catch {
      try {
        fs.rmSync(tmp, { force: true });
      } catch {
        // nothing more to clean up
      }
    }
  }
}

module.exports = { TransformCache, DEFAULT_CACHE_DIR, FORMAT, PRUNE_AFTER_DAYS };
