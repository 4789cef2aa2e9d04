import { RadSweepInputError } from '@radsweep/core';

/**
 * Server-side caps on what one request may ask for, whatever the request says
 * (a spec's own limits.maxConfigurations can only lower them). A request over
 * one is refused naming it: 413 for bytes, 422 for counts.
 */
export interface RequestLimits {
  /** Model fits one run may need: feature sets x configurations x CV splits (RADSWEEP_MAX_FITS). */
  maxFitsPerRun: number;
  /** Bytes of an experiment spec, as JSON or as text (RADSWEEP_MAX_SPEC_KB). */
  maxSpecBytes: number;
  /** Columns of an uploaded table (RADSWEEP_MAX_COLUMNS). */
  maxColumns: number;
  /** Rows of an uploaded table (RADSWEEP_MAX_ROWS). */
  maxRows: number;
}

/** Injection token of the server's RequestLimits. */
export const REQUEST_LIMITS = 'REQUEST_LIMITS';

export const DEFAULT_LIMITS: RequestLimits = {
  maxFitsPerRun: 20_000,
  maxSpecBytes: 256 * 1024,
  maxColumns: 20_000,
  maxRows: 1_000_000,
};

/** The env variable that sets each limit (named in refusals, so the message says how to change it). */
export const LIMIT_SETTING: Record<keyof RequestLimits, string> = {
  maxFitsPerRun: 'RADSWEEP_MAX_FITS',
  maxSpecBytes: 'RADSWEEP_MAX_SPEC_KB',
  maxColumns: 'RADSWEEP_MAX_COLUMNS',
  maxRows: 'RADSWEEP_MAX_ROWS',
};

export function limitsFromEnv(env: NodeJS.ProcessEnv): RequestLimits {
  const num = (name: string, fallback: number, scale = 1): number => {
    const text = env[name];
    if (text === undefined || text === '') return fallback;
    const v = Number(text);
    if (!Number.isFinite(v) || v < 1) throw new RadSweepInputError(`expected a number >= 1, got '${text}'`, name);
    return Math.floor(v * scale);
  };
  return {
    maxFitsPerRun: num(LIMIT_SETTING.maxFitsPerRun, DEFAULT_LIMITS.maxFitsPerRun),
    maxSpecBytes: num(LIMIT_SETTING.maxSpecBytes, DEFAULT_LIMITS.maxSpecBytes, 1024),
    maxColumns: num(LIMIT_SETTING.maxColumns, DEFAULT_LIMITS.maxColumns),
    maxRows: num(LIMIT_SETTING.maxRows, DEFAULT_LIMITS.maxRows),
  };
}
