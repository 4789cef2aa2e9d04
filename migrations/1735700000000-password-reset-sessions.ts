import type { QueryRunner } from 'typeorm';
import type { MigrationDrops, RevertibleMigration } from './drops';

/**
 * A session started by a one-time login link may set a new password without the current one until
 * `password_reset_until` (the link's lifetime after it was used; once): what an administrator's link for a
 * forgotten password is for. Null for every other session.
 */
export class PasswordResetSessions1735700000000 implements RevertibleMigration {
  readonly name = 'PasswordResetSessions1735700000000';
  readonly drops: MigrationDrops = { tables: [], columns: [{ table: 'sessions', column: 'password_reset_until', key: ['id'] }] };

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sessions" ADD COLUMN "password_reset_until" timestamptz NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "sessions" DROP COLUMN "password_reset_until"`);
  }
}
