import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { NotFoundError } from '../http/not-found.error';
import { Role, ROLES } from '../projects/project.entities';
import type { Target } from './access-policy';
import { Permission, roleAllows, SHARED_RUN_PERMISSIONS } from './permissions';
import type { Principal } from './principal';

/** Where a named thing lives: its project (null = outside any project) and, for runs and results, the run. */
export interface Located {
  projectId: string | null;
  runId: string | null;
}

/** The project (and run) of each kind of target, by id. Parameterised: the id is never part of the SQL text. */
const LOCATE_SQL: Record<Target['kind'], string> = {
  project: `SELECT "id" AS project_id, NULL::uuid AS run_id FROM "projects" WHERE "id" = $1`,
  dataset: `SELECT "project_id", NULL::uuid AS run_id FROM "datasets" WHERE "id" = $1`,
  experiment: `SELECT "project_id", NULL::uuid AS run_id FROM "experiments" WHERE "id" = $1`,
  run: `SELECT "project_id", "id" AS run_id FROM "runs" WHERE "id" = $1`,
  result: `SELECT r."project_id", r."id" AS run_id FROM "model_results" m JOIN "runs" r ON r."id" = m."run_id" WHERE m."id" = $1`,
  survival_result: `SELECT r."project_id", r."id" AS run_id FROM "survival_model_results" m JOIN "runs" r ON r."id" = m."run_id" WHERE m."id" = $1`,
  extraction: `SELECT "project_id", NULL::uuid AS run_id FROM "extractions" WHERE "id" = $1`,
  locked_model: `SELECT r."project_id", r."id" AS run_id FROM "locked_models" l JOIN "runs" r ON r."id" = l."run_id" WHERE l."id" = $1`,
  validation: `SELECT r."project_id", r."id" AS run_id FROM "external_validations" v JOIN "locked_models" l ON l."id" = v."locked_model_id" JOIN "runs" r ON r."id" = l."run_id" WHERE v."id" = $1`,
};

/** The permission that reads every row of a listed table in its project (reviewers also read runs shared with them). */
const READ_PERMISSION = { runs: 'run.read', datasets: 'dataset.read', experiments: 'experiment.read' } as const satisfies Record<string, Permission>;
export type ReadableTable = keyof typeof READ_PERMISSION;

/**
 * THE read scope as SQL: "the user (bound as `userParam`) may read the row
 * aliased `alias` of `table`", the same decision as allows(user, '<table>.read',
 * row) for a non-admin, so lists filter (and page) in the database. Admins read
 * every row: leave it out for them.
 */
export function readableSql(table: ReadableTable, alias: string, userParam: string): string {
  const permission = READ_PERMISSION[table];
  const roles = ROLES.filter((role) => roleAllows(role, permission))
    .map((r) => `'${r}'`)
    .join(', ');
  const shared =
    table === 'runs' && SHARED_RUN_PERMISSIONS.includes(permission)
      ? ` OR (pm."role" = 'reviewer' AND EXISTS (SELECT 1 FROM "run_shares" s WHERE s."run_id" = ${alias}."id" AND s."user_id" = pm."user_id"))`
      : '';
  return `EXISTS (SELECT 1 FROM "project_members" pm WHERE pm."project_id" = ${alias}."project_id" AND pm."user_id" = ${userParam} AND (pm."role" IN (${roles})${shared}))`;
}

/**
 * The one decision "may this user do that there": admins everything; others by
 * their role in the thing's project (ROLE_PERMISSIONS), a reviewer also reading
 * runs shared with them. Things outside any project are for admins only.
 */
@Injectable()
export class ProjectAccess {
  constructor(private readonly db: DataSource) {}

  async locate(kind: Target['kind'], id: string): Promise<Located> {
    const rows: { project_id: string | null; run_id: string | null }[] = await this.db.query(LOCATE_SQL[kind], [id]);
    if (rows.length === 0) throw new NotFoundError(kind, id);
    return { projectId: rows[0].project_id, runId: rows[0].run_id };
  }

  async roleIn(userId: string, projectId: string): Promise<Role | null> {
    const rows: { role: Role }[] = await this.db.query(`SELECT "role" FROM "project_members" WHERE "project_id" = $1 AND "user_id" = $2`, [projectId, userId]);
    return rows[0]?.role ?? null;
  }

  async allows(user: Principal, permission: Permission, where: Located): Promise<boolean> {
    if (user.isAdmin) return true;
    if (where.projectId === null) return false;
    const role = await this.roleIn(user.id, where.projectId);
    if (role === null) return false;
    if (roleAllows(role, permission)) return true;
    return role === 'reviewer' && where.runId !== null && SHARED_RUN_PERMISSIONS.includes(permission) && (await this.isShared(where.runId, user.id));
  }

  async isShared(runId: string, userId: string): Promise<boolean> {
    const rows = await this.db.query(`SELECT 1 FROM "run_shares" WHERE "run_id" = $1 AND "user_id" = $2`, [runId, userId]);
    return rows.length > 0;
  }
}
