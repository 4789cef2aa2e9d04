/**
 * The per-thread caches that only save time (fit checkpoints, sort memos, shared inner models, remembered
 * random draws): each registers here, so a thread can drop them all when it goes idle. A long-running server
 * worker would otherwise hold its last runs' caches (tens of MB per engine thread) until it exits; a cache
 * never changes a result, so dropping one only costs the next fit a miss.
 */
export interface ThreadCache {
  /** What it holds, for reports and tests. */
  readonly name: string;
  /** Entries held now. */
  entries(): number;
  clear(): void;
}

const caches: ThreadCache[] = [];

/** Registers a cache of this thread (once per module load: a module is loaded once per thread). */
export function registerThreadCache(cache: ThreadCache): void {
  caches.push(cache);
}

/** Entries held by each registered cache of this thread, by name. */
export function threadCacheEntries(): Record<string, number> {
  return Object.fromEntries(caches.map((c) => [c.name, c.entries()]));
}

/** Clears every registered cache of this thread. */
export function releaseThreadCaches(): void {
  for (const c of caches) c.clear();
}
