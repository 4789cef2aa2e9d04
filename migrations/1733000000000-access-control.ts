import type { QueryRunner } from 'typeorm';
import type { MigrationDrops, RevertibleMigration } from './drops';

/** Tables that gained a project (nullable, so rows written before access control keep working). */
const PROJECT_SCOPED = ['datasets', 'experiments', 'runs'];
/** The tables of access control, in the order a revert drops them (dependents first). */
const TABLES = ['audit_log', 'run_shares', 'project_members', 'projects', 'login_links', 'sessions', 'api_tokens', 'users'];

/**
 * Access control (issue #5): users, API tokens, dashboard sessions and one-time
 * login links (every secret stored as a hash only), projects with per-project
 * roles, runs shared with reviewers, the audit log, and a nullable project on
 * datasets, experiments and runs.
 */
export class AccessControl1733000000000 implements RevertibleMigration {
  name = 'AccessControl1733000000000';
  readonly drops: MigrationDrops = { tables: TABLES, columns: PROJECT_SCOPED.map((table) => ({ table, column: 'project_id', key: ['id'] })) };

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "users" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "username" text NOT NULL,
      "display_name" text,
      "password_hash" text,
      "is_admin" boolean NOT NULL DEFAULT false,
      "disabled" boolean NOT NULL DEFAULT false,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "users_pkey" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "users_username_key" ON "users" ("username")`);
    for (const table of ['api_tokens', 'sessions', 'login_links']) {
      await q.query(`CREATE TABLE "${table}" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "token_hash" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "expires_at" timestamptz NOT NULL,
        CONSTRAINT "${table}_pkey" PRIMARY KEY ("id"),
        CONSTRAINT "${table}_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE)`);
      await q.query(`CREATE UNIQUE INDEX "${table}_token_hash_key" ON "${table}" ("token_hash")`);
    }
    await q.query(`ALTER TABLE "api_tokens" ADD "name" text NOT NULL, ADD "prefix" text NOT NULL, ADD "last_used_at" timestamptz, ADD "revoked_at" timestamptz`);
    await q.query(`ALTER TABLE "login_links" ADD "used_at" timestamptz`);
    await q.query(`CREATE TABLE "projects" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "name" text NOT NULL,
      "description" text,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "projects_pkey" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "projects_name_key" ON "projects" ("name")`);
    await q.query(`CREATE TABLE "project_members" (
      "project_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "role" text NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "project_members_pkey" PRIMARY KEY ("project_id", "user_id"),
      CONSTRAINT "project_members_role_check" CHECK ("role" IN ('owner', 'data_scientist', 'pi', 'reviewer')),
      CONSTRAINT "project_members_project_fk" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE CASCADE,
      CONSTRAINT "project_members_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE)`);
    await q.query(`CREATE TABLE "run_shares" (
      "run_id" uuid NOT NULL,
      "user_id" uuid NOT NULL,
      "created_at" timestamptz NOT NULL DEFAULT now(),
      CONSTRAINT "run_shares_pkey" PRIMARY KEY ("run_id", "user_id"),
      CONSTRAINT "run_shares_run_fk" FOREIGN KEY ("run_id") REFERENCES "runs"("id") ON DELETE CASCADE,
      CONSTRAINT "run_shares_user_fk" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE)`);
    // No foreign key to users: the log outlives the accounts it names.
    await q.query(`CREATE TABLE "audit_log" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "at" timestamptz NOT NULL DEFAULT now(),
      "actor_id" uuid,
      "actor_name" text NOT NULL,
      "action" text NOT NULL,
      "entity" text NOT NULL,
      "entity_id" text,
      "project_id" uuid,
      "details" jsonb,
      CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "audit_log_project_at_idx" ON "audit_log" ("project_id", "at")`);
    for (const table of PROJECT_SCOPED) {
      await q.query(`ALTER TABLE "${table}" ADD "project_id" uuid`);
      await q.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${table}_project_fk" FOREIGN KEY ("project_id") REFERENCES "projects"("id") ON DELETE RESTRICT`);
      await q.query(`CREATE INDEX "${table}_project_idx" ON "${table}" ("project_id")`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of PROJECT_SCOPED) await q.query(`ALTER TABLE "${table}" DROP COLUMN "project_id"`);
    for (const table of TABLES) await q.query(`DROP TABLE "${table}"`);
  }
}
