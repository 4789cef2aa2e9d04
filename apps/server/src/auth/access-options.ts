import { RadSweepInputError } from '@radsweep/core';
import { DEFAULT_SCRYPT_COST, ScryptCost } from '../users/password-hash';
import { DEFAULT_LOGIN_ADDRESS_LIMIT, DEFAULT_LOGIN_LIMIT, RateLimit } from './rate-limiter';

/** Limits of the live-progress streams (GET /runs/:id/events). */
export interface StreamOptions {
  /** Open streams one user may hold (RADSWEEP_STREAMS_PER_USER); one more is 429. */
  perUser: number;
  /** Open streams of the whole server (RADSWEEP_STREAMS_TOTAL). */
  total: number;
  /** How often the one shared reader looks at the watched runs (RADSWEEP_STREAM_POLL_S). */
  pollSeconds: number;
  /** How often every stream's access is checked again (RADSWEEP_STREAM_RECHECK_S): unshared, disabled, removed, signed out. */
  recheckSeconds: number;
}

/**
 * Settings of access control (environment: RADSWEEP_LOGIN_BURST, RADSWEEP_LOGIN_PER_MINUTE,
 * RADSWEEP_LOGIN_ADDRESS_BURST, RADSWEEP_LOGIN_ADDRESS_PER_MINUTE, RADSWEEP_SESSION_HOURS,
 * RADSWEEP_SECURE_COOKIE, RADSWEEP_STREAMS_*).
 */
export interface AccessOptions {
  /** Login attempts per username and client address. */
  loginLimit: RateLimit;
  /** Login attempts per client address, all usernames together. */
  loginAddressLimit: RateLimit;
  scrypt: ScryptCost;
  sessionHours: number;
  /** API token lifetime when none is asked for, and the longest allowed. */
  tokenDefaultDays: number;
  tokenMaxDays: number;
  loginLinkMinutes: number;
  /** Mark the session cookie Secure (set when the server is behind HTTPS). */
  secureCookie: boolean;
  streams: StreamOptions;
}

export const DEFAULT_ACCESS_OPTIONS: AccessOptions = {
  loginLimit: DEFAULT_LOGIN_LIMIT,
  loginAddressLimit: DEFAULT_LOGIN_ADDRESS_LIMIT,
  scrypt: DEFAULT_SCRYPT_COST,
  sessionHours: 12,
  tokenDefaultDays: 90,
  tokenMaxDays: 365,
  loginLinkMinutes: 15,
  secureCookie: false,
  streams: { perUser: 20, total: 1000, pollSeconds: 0.5, recheckSeconds: 5 },
};

export function accessOptionsFromEnv(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AccessOptions> = {}): AccessOptions {
  const num = (name: string, fallback: number): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const v = Number(text);
    if (!Number.isFinite(v) || v <= 0) throw new RadSweepInputError(`expected a number > 0, got '${text}'`, name);
    return v;
  };
  return {
    ...DEFAULT_ACCESS_OPTIONS,
    loginLimit: {
      capacity: num('RADSWEEP_LOGIN_BURST', DEFAULT_LOGIN_LIMIT.capacity),
      refillPerSecond: num('RADSWEEP_LOGIN_PER_MINUTE', DEFAULT_LOGIN_LIMIT.refillPerSecond * 60) / 60,
    },
    loginAddressLimit: {
      capacity: num('RADSWEEP_LOGIN_ADDRESS_BURST', DEFAULT_LOGIN_ADDRESS_LIMIT.capacity),
      refillPerSecond: num('RADSWEEP_LOGIN_ADDRESS_PER_MINUTE', DEFAULT_LOGIN_ADDRESS_LIMIT.refillPerSecond * 60) / 60,
    },
    sessionHours: num('RADSWEEP_SESSION_HOURS', DEFAULT_ACCESS_OPTIONS.sessionHours),
    secureCookie: env.RADSWEEP_SECURE_COOKIE === '1' || env.RADSWEEP_SECURE_COOKIE === 'true',
    streams: {
      perUser: num('RADSWEEP_STREAMS_PER_USER', DEFAULT_ACCESS_OPTIONS.streams.perUser),
      total: num('RADSWEEP_STREAMS_TOTAL', DEFAULT_ACCESS_OPTIONS.streams.total),
      pollSeconds: num('RADSWEEP_STREAM_POLL_S', DEFAULT_ACCESS_OPTIONS.streams.pollSeconds),
      recheckSeconds: num('RADSWEEP_STREAM_RECHECK_S', DEFAULT_ACCESS_OPTIONS.streams.recheckSeconds),
    },
    ...overrides,
  };
}

/** Nest injection token of the options. */
export const ACCESS_OPTIONS = Symbol('ACCESS_OPTIONS');
