import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const REPO = resolve(__dirname, '../..');
const load = createRequire(__filename);
const { TransformCache, PRUNE_AFTER_DAYS } = load(join(REPO, 'libs/core/src/swc-cache/transform-cache.js')) as {
  TransformCache: new (o: { dir: string; project: string; transform: (source: string, filename: string) => { code: string; map: string | null } }) => {
    get(source: string, filename: string): { code: string; map: string | null };
    keyOf(source: string, filename: string): string;
    entryPath(key: string): string;
    stats: { hits: number; misses: number; rejected: number };
    prune(now?: number): { entries: number; temporary: number };
  };
  PRUNE_AFTER_DAYS: number;
};
const REGISTER = join(REPO, 'libs/core/src/swc-cache/register.js');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'radsweep-swc-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** A cache whose transform upper-cases the source and counts its calls. */
function countingCache(project = join(REPO, 'tsconfig.json')) {
  const calls: string[] = [];
  const cache = new TransformCache({
    dir: join(dir, 'cache'),
    project,
    transform: (source, filename) => {
      calls.push(filename);
      return { code: source.toUpperCase(), map: `map of ${filename}` };
    },
  });
  return { cache, calls };
}

function entries(root: string): string[] {
  return readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
}

describe('TransformCache', () => {
  it('transforms on a miss, serves the stored output on a hit, also to a second cache (another process) on the same directory', () => {
    const { cache, calls } = countingCache();
    expect(cache.get('const a = 1;', '/x/a.ts')).toEqual({ code: 'CONST A = 1;', map: 'map of /x/a.ts' });
    expect(cache.get('const a = 1;', '/x/a.ts')).toEqual({ code: 'CONST A = 1;', map: 'map of /x/a.ts' });
    expect(calls).toEqual(['/x/a.ts']);
    expect(cache.stats).toEqual({ hits: 1, misses: 1, rejected: 0 });
    const other = countingCache();
    expect(other.cache.get('const a = 1;', '/x/a.ts').code).toBe('CONST A = 1;');
    expect(other.calls).toEqual([]);
    expect(entries(join(dir, 'cache'))).toHaveLength(1);
  });

  it('transforms a changed source again (never serves the old output), and keys on the file path', () => {
    const { cache, calls } = countingCache();
    cache.get('let b = 1;', '/x/b.ts');
    expect(cache.get('let b = 2;', '/x/b.ts').code).toBe('LET B = 2;');
    expect(cache.get('let b = 1;', '/y/b.ts').code).toBe('LET B = 1;');
    expect(calls).toEqual(['/x/b.ts', '/x/b.ts', '/y/b.ts']);
    expect(cache.get('let b = 1;', '/x/b.ts').code).toBe('LET B = 1;'); // the first version is still stored
    expect(calls).toHaveLength(3);
  });

  it('keys on the tsconfig chain: another config text is another key', () => {
    const project = join(dir, 'tsconfig.json');
    writeFileSync(join(dir, 'base.json'), '{"compilerOptions":{"target":"ES2022"}}');
    writeFileSync(project, '{"extends":"./base.json"}');
    const before = countingCache(project).cache.keyOf('x', '/x.ts');
    expect(countingCache(project).cache.keyOf('x', '/x.ts')).toBe(before);
    writeFileSync(join(dir, 'base.json'), '{"compilerOptions":{"target":"ES2020"}}');
    expect(countingCache(project).cache.keyOf('x', '/x.ts')).not.toBe(before);
  });

  it.each([
    ['truncated', (text: string) => text.slice(0, text.length >> 1)],
    ['not JSON', () => '\0\0garbage'],
    ['code changed behind its checksum', (text: string) => text.replace('CONST C', 'CONST D')],
    ['empty', () => ''],
  ])('ignores a corrupt entry (%s): transforms again and repairs it', (_name, corrupt) => {
    const { cache, calls } = countingCache();
    cache.get('const c = 1;', '/x/c.ts');
    const file = cache.entryPath(cache.keyOf('const c = 1;', '/x/c.ts'));
    writeFileSync(file, corrupt(readFileSync(file, 'utf8')));
    expect(cache.get('const c = 1;', '/x/c.ts').code).toBe('CONST C = 1;');
    expect(cache.stats.rejected).toBe(1);
    expect(calls).toHaveLength(2);
    expect(cache.get('const c = 1;', '/x/c.ts').code).toBe('CONST C = 1;');
    expect(calls).toHaveLength(2);
  });
});

describe('TransformCache pruning', () => {
  const DAY = 24 * 60 * 60 * 1000;
  /** Sets a file's mtime (and atime) to `ms` since the epoch. */
  const age = (file: string, ms: number) => utimesSync(file, ms / 1000, ms / 1000);

  it('deletes entries unused for PRUNE_AFTER_DAYS days and stale temporary files, keeps the rest', () => {
    const { cache } = countingCache();
    cache.get('old', '/x/old.ts');
    cache.get('recent', '/x/recent.ts');
    const old = cache.entryPath(cache.keyOf('old', '/x/old.ts'));
    const recent = cache.entryPath(cache.keyOf('recent', '/x/recent.ts'));
    const now = Date.now();
    age(old, now - (PRUNE_AFTER_DAYS + 1) * DAY);
    age(recent, now - (PRUNE_AFTER_DAYS - 1) * DAY);
    const staleTmp = `${recent}.123.0.0.tmp`;
    const freshTmp = `${recent}.124.0.0.tmp`;
    writeFileSync(staleTmp, 'half');
    writeFileSync(freshTmp, 'half');
    age(staleTmp, now - 2 * 60 * 60 * 1000);
    expect(cache.prune(now)).toEqual({ entries: 1, temporary: 1 });
    expect([existsSync(old), existsSync(recent), existsSync(staleTmp), existsSync(freshTmp)]).toEqual([false, true, false, true]);
  });

  it('a hit marks an entry last used over a day ago as used now, so the prune keeps it', () => {
    const { cache, calls } = countingCache();
    cache.get('kept', '/x/kept.ts');
    const file = cache.entryPath(cache.keyOf('kept', '/x/kept.ts'));
    const longAgo = Date.now() - (PRUNE_AFTER_DAYS + 5) * DAY;
    age(file, longAgo);
    expect(countingCache().cache.get('kept', '/x/kept.ts').code).toBe('KEPT');
    expect(statSync(file).mtimeMs).toBeGreaterThan(longAgo + PRUNE_AFTER_DAYS * DAY);
    expect(cache.prune()).toEqual({ entries: 0, temporary: 0 });
    expect(calls).toEqual(['/x/kept.ts']);
    // an entry used within the day is not touched (no write per start)
    const yesterdayish = Date.now() - DAY / 2;
    age(file, yesterdayish);
    countingCache().cache.get('kept', '/x/kept.ts');
    expect(Math.abs(statSync(file).mtimeMs - yesterdayish)).toBeLessThan(1000);
  });

  it('a miss prunes at most once a day per cache directory (any process), hits never', () => {
    const root = join(dir, 'cache');
    const plant = (name: string) => {
      const shard = join(root, 'ab');
      mkdirSync(shard, { recursive: true });
      const file = join(shard, `${name}.json`);
      writeFileSync(file, '{}');
      age(file, Date.now() - (PRUNE_AFTER_DAYS + 1) * DAY);
      return file;
    };
    const first = plant('ab01');
    const warm = countingCache();
    warm.cache.get('a', '/x/a.ts'); // a miss: the first prune
    expect(existsSync(first)).toBe(false);
    expect(existsSync(join(root, '.pruned'))).toBe(true);
    const second = plant('ab02');
    countingCache().cache.get('b', '/x/b.ts'); // another process's miss within the day: no prune
    expect(existsSync(second)).toBe(true);
    age(join(root, '.pruned'), Date.now() - 2 * DAY);
    countingCache().cache.get('a', '/x/a.ts'); // a hit: no prune even when one is due
    expect(existsSync(second)).toBe(true);
    countingCache().cache.get('c', '/x/c.ts'); // a miss with the last prune two days old
    expect(existsSync(second)).toBe(false);
  });
});

describe('the cached require hook (register.js) in a fresh process', () => {
  /** Runs `file` under the hook; prints its output and whether typescript / @swc/core were loaded. */
  function runUnderHook(file: string): { out: string; loadedTypescript: boolean; loadedSwc: boolean } {
    const probe = `process.on('exit', () => console.log(JSON.stringify(Object.keys(require.cache).filter((k) => /node_modules[\\\\/](typescript|@swc[\\\\/]core)[\\\\/]/.test(k)).map((k) => k.includes('typescript') ? 'ts' : 'swc'))))`;
    const out = execFileSync(process.execPath, ['-r', REGISTER, '-e', `${probe}; require(${JSON.stringify(file)})`], {
      encoding: 'utf8',
      env: { ...process.env, RADSWEEP_SWC_CACHE_DIR: join(dir, 'cache'), RADSWEEP_SWC_CACHE: '' },
    }).trim().split('\n');
    const loaded = JSON.parse(out.pop()!) as string[];
    return { out: out.join('\n'), loadedTypescript: loaded.includes('ts'), loadedSwc: loaded.includes('swc') };
  }

  it('emits what @swc-node/register emits (decorators, tsconfig paths), warm without loading typescript or @swc/core, and re-transforms an edited file', () => {
    const file = join(dir, 'probe.ts');
    const source = (n: number) =>
      `import { RadSweepInputError } from '@radsweep/core';\n` +
      `function tag(_t: unknown, _k: string) {}\n` +
      `class Probe { @tag value: number = ${n}; }\n` +
      `console.log(new Probe().value, typeof RadSweepInputError);\n`;
    writeFileSync(file, source(1));
    const cold = runUnderHook(file);
    expect(cold).toEqual({ out: '1 function', loadedTypescript: true, loadedSwc: true });
    const warm = runUnderHook(file);
    expect(warm).toEqual({ out: '1 function', loadedTypescript: false, loadedSwc: false });

    // The stored code is @swc-node/register's own output for this file.
    const { compile } = load('@swc-node/register/register') as { compile: (s: string, f: string, o: object) => string };
    const options = (load('@swc-node/register/read-default-tsconfig') as { readDefaultTsConfig: (p: string) => { module?: number } }).readDefaultTsConfig(join(REPO, 'tsconfig.json'));
    options.module = (load('typescript') as { ModuleKind: { CommonJS: number } }).ModuleKind.CommonJS;
    const stored = entries(join(dir, 'cache')).map((f) => JSON.parse(readFileSync(join(dir, 'cache', f), 'utf8')) as { filename: string; code: string });
    const probeEntries = stored.filter((e) => e.filename === file);
    expect(probeEntries).toHaveLength(1);
    expect(probeEntries[0].code).toBe(compile(source(1), file, options));

    writeFileSync(file, source(2));
    expect(runUnderHook(file).out).toBe('2 function');
    expect(runUnderHook(file)).toEqual({ out: '2 function', loadedTypescript: false, loadedSwc: false });
  }, 60_000);
});
