import { ForbiddenException } from '@nestjs/common';
import type { Request } from 'express';

/** Methods that change nothing: a cross-site page may cause them (links, images) without harm. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for cookie-authenticated requests: a state change must come
 * from a page of this very origin. Browsers send `Sec-Fetch-Site` (it must be
 * `same-origin`; `same-site` is another port of the host, the attack the
 * issue reproduced) or at least `Origin` (its host:port must be the request's
 * Host). A cookie request with neither is refused too: every browser that
 * could be tricked sends one of them on POST/PUT/PATCH/DELETE.
 * `required: false` (sign-in, which has no cookie yet) checks only what is sent.
 */
export function assertSameOrigin(req: Request, required = true): void {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return;
  const site = header(req, 'sec-fetch-site');
  const origin = header(req, 'origin');
  if (site !== undefined) {
    if (site !== 'same-origin') throw refused(`Sec-Fetch-Site is '${site}'`);
    return;
  }
  if (origin !== undefined) {
    if (hostOf(origin) !== header(req, 'host')) throw refused(`Origin ${origin} is not this server`);
    return;
  }
  if (required) throw refused('it has no Origin or Sec-Fetch-Site header');
}

function header(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  return typeof v === 'string' ? v : undefined;
}

function hostOf(origin: string): string | null {
  try {
    return new URL(origin).host;
  } catch {
    return null; // 'null' (sandboxed frames, file: pages) and garbage
  }
}

function refused(why: string): ForbiddenException {
  return new ForbiddenException(`cross-site request refused: a change made with the session cookie must come from this server's own pages (${why}); scripts use an API token`);
}
