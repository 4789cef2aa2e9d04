import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { UsersService } from '../users/users.service';
import { AccessOptions, DEFAULT_ACCESS_OPTIONS } from './access-options';
import { CredentialsService } from './credentials.service';

export const LOCAL_ADMIN = 'admin';
const SERVER: { id: null; username: string } = { id: null, username: 'radsweep-server' };

/**
 * First start of a store without users. Embedded (single-user default): creates
 * the local admin without a password and returns a one-time login link to
 * print (the link is the only way in until a password is set). On an external
 * PostgreSQL nobody is created: it returns how to create the first admin.
 * Later starts return null.
 */
export async function firstStart(dataSource: DataSource, where: { embedded: boolean; baseUrl: string }, options: AccessOptions = DEFAULT_ACCESS_OPTIONS): Promise<string | null> {
  const audit = new AuditService(dataSource);
  const users = new UsersService(dataSource, audit, options);
  if ((await users.count()) > 0) return null;
  if (!where.embedded) return 'radsweep: no users yet: create the first administrator with `npx radsweep user create --admin --username NAME`';
  const admin = await users.create(SERVER, { username: LOCAL_ADMIN, admin: true });
  const link = await new CredentialsService(dataSource, options).createLoginLink(admin.id);
  await audit.record(SERVER, { action: 'login-link-issued', entity: 'user', entityId: admin.id, details: { expiresAt: link.expiresAt } });
  return `radsweep: first start: created the local administrator '${LOCAL_ADMIN}'. Sign in once with ${where.baseUrl}/api/auth/link?token=${link.token} (valid ${options.loginLinkMinutes} min), then set a password.`;
}
