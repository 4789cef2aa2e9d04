import { LIMIT_SETTING, RequestLimits } from '../config/request-limits';

/** A request over one of the server's limits: 413 (too many bytes) or 422 (too many of something); the message names the limit. */
export class LimitExceededError extends Error {
  override readonly name = 'LimitExceededError';
  constructor(
    readonly status: 413 | 422,
    message: string,
  ) {
    super(message);
  }

  /** "<what> is <actual>, above the server's limit of <limit> (<ENV_VAR>)". */
  static of(limit: keyof RequestLimits, limits: RequestLimits, what: string, actual: number, unit = ''): LimitExceededError {
    const status = limit === 'maxSpecBytes' ? 413 : 422;
    const shown = limit === 'maxSpecBytes' ? `${Math.ceil(limits[limit] / 1024)} KiB` : `${limits[limit].toLocaleString('en-US')}${unit}`;
    const value = limit === 'maxSpecBytes' ? `${Math.ceil(actual / 1024)} KiB` : `${actual.toLocaleString('en-US')}${unit}`;
    return new LimitExceededError(status, `${what} is ${value}, above the server's limit of ${shown} (${limit}, set by ${LIMIT_SETTING[limit]})`);
  }
}
