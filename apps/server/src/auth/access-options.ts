import { RadSweepInputError } from '@radsweep/core';
import { DEFAULT_SCRYPT_COST, ScryptCost } from '../users/password-hash';
import { DEFAULT_LOGIN_LIMIT, RateLimit } from './rate-limiter';

/** Settings of access control (environment: RADSWEEP_LOGIN_BURST, RADSWEEP_LOGIN_PER_MINUTE, RADSWEEP_SESSION_HOURS, RADSWEEP_SECURE_COOKIE). */
export interface AccessOptions {
  /** Login attempts per username and client address. */
  loginLimit: RateLimit;
  scrypt: ScryptCost;
  sessionHours: number;
  /** API token lifetime when none is asked for, and the longest allowed. */
  tokenDefaultDays: number;
  tokenMaxDays: number;
  loginLinkMinutes: number;
  /** Mark the session cookie Secure (set when the server is behind HTTPS). */
  secureCookie: boolean;
}

export const DEFAULT_ACCESS_OPTIONS: AccessOptions = {
  loginLimit: DEFAULT_LOGIN_LIMIT,
  scrypt: DEFAULT_SCRYPT_COST,
  sessionHours: 12,
  tokenDefaultDays: 90,
  tokenMaxDays: 365,
  loginLinkMinutes: 15,
  secureCookie: false,
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
    sessionHours: num('RADSWEEP_SESSION_HOURS', DEFAULT_ACCESS_OPTIONS.sessionHours),
    secureCookie: env.RADSWEEP_SECURE_COOKIE === '1' || env.RADSWEEP_SECURE_COOKIE === 'true',
    ...overrides,
  };
}

/** Nest injection token of the options. */
export const ACCESS_OPTIONS = Symbol('ACCESS_OPTIONS');
