import { RadSweepInputError } from '@radsweep/core';

/** Authorization header of the API token in RADSWEEP_TOKEN (none when unset). */
export function tokenHeaders(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const token = env.RADSWEEP_TOKEN?.trim();
  return token ? { authorization: `Bearer ${token}` } : {};
}

/** Default of `--retry-seconds`: how long a CLI command keeps trying a server it cannot reach. */
export const DEFAULT_RETRY_SECONDS = 300;
/** Statuses of a proxy or a server that is restarting: worth another try, like a refused connection. */
const TRANSIENT_STATUS = new Set([502, 503, 504]);
const FIRST_DELAY_MS = 1000;
const MAX_DELAY_MS = 30_000;

export interface ApiClientOptions {
  /** How long reads keep being retried after the server stopped answering (0 = fail at once). */
  retrySeconds: number;
  /** Told before each wait (the CLI prints it on stderr). */
  onRetry?: (message: string) => void;
}

/**
 * The CLI's side of the REST API. Writes (uploads, launches) are sent once, so a
 * lost answer never launches a run twice; reads are idempotent and are retried
 * with exponential backoff (1 s doubling to 30 s) while the server is
 * unreachable or answers 502-504, for `retrySeconds` from the first failure:
 * a server restart or a network outage does not end a long run's follow-up.
 */
export class ApiClient {
  constructor(
    private readonly base: string,
    private readonly options: ApiClientOptions,
  ) {}

  send(method: string, path: string, body?: unknown | FormData): Promise<any> {
    return this.once(method, path, body).then(answer);
  }

  /** `asText`: the body as the server sent it, unparsed (a file whose exact bytes matter, e.g. a locked model). */
  async get(path: string, asText = false): Promise<any> {
    const since = Date.now();
    for (let delay = FIRST_DELAY_MS; ; delay = Math.min(2 * delay, MAX_DELAY_MS)) {
      let problem: string;
      try {
        const res = await this.once('GET', path, undefined, asText);
        if (!TRANSIENT_STATUS.has(res.status)) return answer(res);
        problem = `HTTP ${res.status}`;
      } catch (e) {
        if (!(e instanceof Unreachable)) throw e;
        problem = e.problem;
      }
      const left = since + this.options.retrySeconds * 1000 - Date.now();
      if (left <= 0) {
        const tried = this.options.retrySeconds > 0 ? ` (retried for ${this.options.retrySeconds} s; --retry-seconds to wait longer)` : '';
        throw new RadSweepInputError(`cannot reach the server ${this.base}: ${problem}${tried}`, '--server');
      }
      const wait = Math.min(delay, left);
      this.options.onRetry?.(`cannot reach the server (${problem}); retrying in ${(wait / 1000).toFixed(0)} s (giving up in ${(left / 1000).toFixed(0)} s)`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }

  private async once(method: string, path: string, body?: unknown | FormData, asText = false): Promise<Answer> {
    const headers: Record<string, string> = tokenHeaders();
    if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${this.base.replace(/\/+$/, '')}/api${path}`, {
        method,
        headers,
        ...(body instanceof FormData ? { body } : body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      const parsed: any = res.headers.get('content-type')?.includes('json') && !(asText && res.ok) ? JSON.parse(text) : text;
      return { status: res.status, parsed, what: `server ${method} ${path}` };
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code;
      throw new Unreachable(`${(e as Error).message}${cause ? ` (${cause})` : ''}`);
    }
  }
}

interface Answer {
  status: number;
  parsed: any;
  what: string;
}

class Unreachable extends RadSweepInputError {
  constructor(readonly problem: string) {
    super(`cannot reach the server: ${problem}`, '--server');
  }
}

function answer({ status, parsed, what }: Answer): any {
  const message = typeof parsed === 'object' && parsed?.message ? parsed.message : `HTTP ${status}`;
  if (status === 401) throw new RadSweepInputError(`the server wants an API token: set RADSWEEP_TOKEN (${message})`, 'RADSWEEP_TOKEN');
  if (status >= 400) throw new RadSweepInputError(message, what);
  return parsed;
}
