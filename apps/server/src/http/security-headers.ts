import type { NextFunction, Request, Response } from 'express';

/**
 * The page may load scripts, styles, images and data only from this server: no
 * inline script or style (the dashboard has none), no plugin, no <base>, no
 * framing (clickjacking). `data:` images are the favicon and chart exports.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Swagger UI (/api/docs) has inline <style> blocks and style attributes (its scripts are files): it gets inline styles, nothing more. */
const DOCS_POLICY = CONTENT_SECURITY_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

/** Express middleware: security headers on every answer (API, dashboard, docs). */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('Content-Security-Policy', req.path.startsWith('/api/docs') ? DOCS_POLICY : CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY'); // frame-ancestors for browsers without CSP 2
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  next();
}
