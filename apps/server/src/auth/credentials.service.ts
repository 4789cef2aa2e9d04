import { Inject, Injectable, UnauthorizedException } from '@nestjs/common';
import { DataSource, IsNull } from 'typeorm';
import type { ApiTokenInfo } from '@radsweep/api-contract';
import { NotFoundError } from '../http/not-found.error';
import { UserEntity } from '../users/user.entity';
import { ACCESS_OPTIONS, AccessOptions } from './access-options';
import { ApiTokenEntity, LoginLinkEntity, SessionEntity } from './credential.entities';
import type { Principal } from './principal';
import { displayPrefix, looksLikeSecret, newSecret, secretHash } from './secret-token';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** An API token as listed: never the token or its hash (the API contract's, with Date times on the server). */
export type TokenInfo = ApiTokenInfo<Date>;

/**
 * Sessions, API tokens and one-time login links: each secret is handed out once
 * and only its sha256 is stored, so a copy of the database signs nobody in.
 */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly db: DataSource,
    @Inject(ACCESS_OPTIONS) private readonly options: AccessOptions,
  ) {}

  /** The user behind a bearer API token, or 401 (unknown, forged, revoked, expired, disabled user). */
  async fromApiToken(token: string): Promise<Principal> {
    if (!looksLikeSecret('api', token)) throw new UnauthorizedException('invalid API token');
    const row = await this.db.getRepository(ApiTokenEntity).findOne({ where: { tokenHash: secretHash(token) }, relations: { user: true } });
    if (!row || !row.user || row.revokedAt || row.expiresAt.getTime() <= Date.now() || row.user.disabled) throw new UnauthorizedException('invalid, revoked or expired API token');
    await this.db.getRepository(ApiTokenEntity).update({ id: row.id }, { lastUsedAt: new Date() });
    return principal(row.user, 'token', row.id);
  }

  /** The user of a dashboard session cookie, or 401. */
  async fromSession(token: string): Promise<Principal> {
    if (!looksLikeSecret('session', token)) throw new UnauthorizedException('invalid session; sign in again');
    const row = await this.db.getRepository(SessionEntity).findOne({ where: { tokenHash: secretHash(token) }, relations: { user: true } });
    if (!row || !row.user || row.expiresAt.getTime() <= Date.now() || row.user.disabled) throw new UnauthorizedException('session expired; sign in again');
    return principal(row.user, 'session', row.id);
  }

  /** A new session: the cookie value (returned once) and when it ends. */
  /** A new session; `byLink`: started by a one-time link, so it may set a new password for the link's lifetime. */
  async startSession(userId: string, byLink = false): Promise<{ token: string; expiresAt: Date }> {
    const token = newSecret('session');
    const expiresAt = new Date(Date.now() + this.options.sessionHours * HOUR_MS);
    const passwordResetUntil = byLink ? new Date(Date.now() + this.options.loginLinkMinutes * 60_000) : null;
    await this.db.getRepository(SessionEntity).insert({ userId, tokenHash: secretHash(token), expiresAt, passwordResetUntil });
    return { token, expiresAt };
  }

  /** May this session set a new password without the current one (a one-time link's session, not yet used for it, in time)? */
  async mayResetPassword(sessionId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM "sessions" WHERE "id" = $1 AND "password_reset_until" > now()`, [sessionId]);
    return rows.length > 0;
  }

  /** The link's password reset is used up (one reset per link). */
  async endPasswordReset(sessionId: string): Promise<void> {
    await this.db.getRepository(SessionEntity).update({ id: sessionId }, { passwordResetUntil: null });
  }

  async endSession(sessionId: string): Promise<void> {
    await this.db.getRepository(SessionEntity).delete({ id: sessionId });
  }

  /** Ends every session of a user but `keep` (after a password change). */
  async endOtherSessions(userId: string, keep: string | null): Promise<void> {
    const sessions = await this.db.getRepository(SessionEntity).find({ where: { userId }, select: { id: true } });
    const ids = sessions.map((s) => s.id).filter((id) => id !== keep);
    if (ids.length) await this.db.getRepository(SessionEntity).delete(ids);
  }

  /** A new API token; the token itself is in the answer only this once. */
  async createToken(userId: string, name: string, days = this.options.tokenDefaultDays): Promise<TokenInfo & { token: string }> {
    const token = newSecret('api');
    const expiresAt = new Date(Date.now() + Math.min(days, this.options.tokenMaxDays) * DAY_MS);
    const row = await this.db.getRepository(ApiTokenEntity).save({ userId, name, prefix: displayPrefix(token), tokenHash: secretHash(token), expiresAt, lastUsedAt: null, revokedAt: null });
    return { ...tokenInfo(row), token };
  }

  async listTokens(userId: string): Promise<TokenInfo[]> {
    const rows = await this.db.getRepository(ApiTokenEntity).find({ where: { userId }, order: { createdAt: 'ASC' } });
    return rows.map(tokenInfo);
  }

  /** Revokes one of the user's tokens (an admin: anyone's); an unknown id or someone else's token is 404. */
  async revokeToken(caller: Principal, tokenId: string): Promise<TokenInfo> {
    const repo = this.db.getRepository(ApiTokenEntity);
    const row = await repo.findOneBy(caller.isAdmin ? { id: tokenId } : { id: tokenId, userId: caller.id });
    if (!row) throw new NotFoundError('token', tokenId);
    if (!row.revokedAt) {
      row.revokedAt = new Date();
      await repo.update({ id: row.id, revokedAt: IsNull() }, { revokedAt: row.revokedAt });
    }
    return tokenInfo(row);
  }

  /** A one-time login link's token (first start, a new user without a password). */
  async createLoginLink(userId: string): Promise<{ token: string; expiresAt: Date }> {
    const token = newSecret('link');
    const expiresAt = new Date(Date.now() + this.options.loginLinkMinutes * 60_000);
    await this.db.getRepository(LoginLinkEntity).insert({ userId, tokenHash: secretHash(token), expiresAt, usedAt: null });
    return { token, expiresAt };
  }

  /** Uses up a login link (atomically: two clicks cannot both sign in) and returns its user, or 401. */
  async consumeLoginLink(token: string): Promise<UserEntity> {
    if (!looksLikeSecret('link', token)) throw new UnauthorizedException('invalid login link');
    const rows: { user_id: string }[] = await this.db.query(
      `UPDATE "login_links" SET "used_at" = now() WHERE "token_hash" = $1 AND "used_at" IS NULL AND "expires_at" > now() RETURNING "user_id"`,
      [secretHash(token)],
    );
    const userId = firstRow(rows)?.user_id;
    const user = userId ? await this.db.getRepository(UserEntity).findOneBy({ id: userId }) : null;
    if (!user || user.disabled) throw new UnauthorizedException('this login link is used, expired or invalid');
    return user;
  }
}

/** UPDATE ... RETURNING through TypeORM's postgres driver answers [rows, count]. */
function firstRow<T>(result: T[] | [T[], number]): T | undefined {
  const rows = Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]);
  return rows[0];
}

function principal(user: UserEntity, via: Principal['via'], credentialId: string): Principal {
  return { id: user.id, username: user.username, isAdmin: user.isAdmin, via, credentialId };
}

function tokenInfo(row: ApiTokenEntity): TokenInfo {
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt, expiresAt: row.expiresAt, lastUsedAt: row.lastUsedAt, revokedAt: row.revokedAt };
}
