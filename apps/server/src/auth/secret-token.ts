import { createHash, randomBytes } from 'node:crypto';

/** What a secret is for: the first characters of every token say so (and let secret scanners find leaks). */
export type TokenKind = 'api' | 'session' | 'link';
const PREFIX: Record<TokenKind, string> = { api: 'rsk_', session: 'rss_', link: 'rsl_' };

/** A new secret: 32 random bytes, base64url, behind the kind's prefix. */
export function newSecret(kind: TokenKind): string {
  return PREFIX[kind] + randomBytes(32).toString('base64url');
}

/** What is stored instead of the secret: its sha256 (hex). A 256-bit random secret needs no salt or slow KDF. */
export function secretHash(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** True when `text` has the shape of a secret of `kind` (checked before any database look-up). */
export function looksLikeSecret(kind: TokenKind, text: string): boolean {
  return text.length === PREFIX[kind].length + 43 && text.startsWith(PREFIX[kind]) && /^[A-Za-z0-9_-]+$/.test(text.slice(PREFIX[kind].length));
}

/** The part of an API token shown in lists to tell tokens apart (prefix + 6 characters; not enough to guess the rest). */
export function displayPrefix(secret: string): string {
  return secret.slice(0, PREFIX.api.length + 6);
}
