/** Capacity (attempts allowed in a burst) and refill speed of a login token bucket. */
export interface RateLimit {
  capacity: number;
  refillPerSecond: number;
}

/** 5 attempts at once, then one every 12 s (5 a minute) per username and address. */
export const DEFAULT_LOGIN_LIMIT: RateLimit = { capacity: 5, refillPerSecond: 1 / 12 };

/**
 * 30 attempts at once, then 10 a minute per client address, whatever the
 * usernames: one address trying many accounts (password spraying) is slowed
 * as much as one account tried from many addresses is by DEFAULT_LOGIN_LIMIT.
 */
export const DEFAULT_LOGIN_ADDRESS_LIMIT: RateLimit = { capacity: 30, refillPerSecond: 10 / 60 };

/**
 * In-memory token buckets (one per key, e.g. `username|ip`). A request takes a
 * token; an empty bucket refuses it and says when the next token comes. Full
 * buckets are forgotten, so the map only holds keys under recent attack.
 */
export class TokenBucketLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    readonly limit: RateLimit,
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a token for `key`: 0 when allowed, else the seconds until one is available. */
  take(key: string): number {
    const t = this.now();
    const b = this.buckets.get(key) ?? { tokens: this.limit.capacity, at: t };
    b.tokens = Math.min(this.limit.capacity, b.tokens + ((t - b.at) / 1000) * this.limit.refillPerSecond);
    b.at = t;
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      return Math.ceil((1 - b.tokens) / this.limit.refillPerSecond);
    }
    b.tokens -= 1;
    this.buckets.set(key, b);
    if (this.buckets.size > 10_000) this.sweep(t);
    return 0;
  }

  private sweep(t: number): void {
    for (const [key, b] of this.buckets) {
      if (b.tokens + ((t - b.at) / 1000) * this.limit.refillPerSecond >= this.limit.capacity) this.buckets.delete(key);
    }
  }
}
