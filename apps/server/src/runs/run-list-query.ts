import { RadSweepInputError } from '@radsweep/core';
import type { RunAction, RunListItem, RunListQuery, RunStatus } from '@radsweep/api-contract';
import type { DataSource } from 'typeorm';
import { readableSql } from '../auth/project-access';
import { roleAllows } from '../auth/permissions';
import { isUuid } from '../datasets/datasets.service';
import { keys, KeysetOrder, ListPage, listLimit } from '../database/keyset-page';
import { paramConditionSql, parseParamFilter } from '../results/param-filter';
import type { Role } from '../projects/project.entities';

const STATUSES: RunStatus[] = ['queued', 'running', 'succeeded', 'failed', 'cancelled'];
/** Newest first; the id orders runs created at the same instant. */
const RUN_ORDER = new KeysetOrder([keys.createdAt('r'), keys.id('r')]);

/** Who lists: the user whose readable runs are shown (null: an admin, every run). */
export interface RunLister {
  userId: string;
  isAdmin: boolean;
}

/** A page of the runs list and the cursor of the next one (null: this is the last page). */
export type RunListPage = ListPage<RunListItem>;

function optionalNumber(name: string, v: unknown): number | undefined {
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isFinite(n)) throw new RadSweepInputError(`${name} must be a number, got '${v}'`, name);
  return n;
}

/**
 * The runs list as ONE query: every filter, the readable-run scope (a SQL
 * predicate, so pages are cut in the database) and keyset paging on
 * (created_at, id), newest first: a page starts strictly after the previous
 * page's last row, so rows with equal times are neither repeated nor skipped.
 */
export async function listRuns(db: DataSource, who: RunLister, q: RunListQuery): Promise<RunListPage> {
  const where: string[] = [];
  const params: unknown[] = [who.userId];
  const bind = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const add = (sql: string, ...values: unknown[]) => {
    let text = sql;
    for (const v of values) text = text.replace('?', bind(v));
    where.push(text);
  };
  for (const [key, column] of [['projectId', 'project_id'], ['experimentId', 'experiment_id'], ['datasetId', 'dataset_id']] as const) {
    const v = q[key];
    if (v === undefined || v === '') continue;
    if (!isUuid(v)) throw new RadSweepInputError(`${key} must be an id (uuid), got '${v}'`, key);
    add(`r."${column}" = ?::uuid`, v);
  }
  if (q.status !== undefined && q.status !== '') {
    if (!STATUSES.includes(q.status as RunStatus)) throw new RadSweepInputError(`status must be one of ${STATUSES.join(', ')}, got '${q.status}'`, 'status');
    add(`r."status" = ?`, q.status);
  }
  if (q.tag !== undefined && q.tag !== '') add(`r."tags" @> jsonb_build_array(?::text)`, q.tag);
  const archived = q.archived ?? 'false';
  if (archived === 'false') where.push(`r."archived_at" IS NULL`);
  else if (archived === 'true') where.push(`r."archived_at" IS NOT NULL`);
  else if (archived !== 'all') throw new RadSweepInputError(`archived must be false (default), true or all, got '${archived}'`, 'archived');
  const minCv = optionalNumber('minCvAuc', q.minCvAuc);
  const maxCv = optionalNumber('maxCvAuc', q.maxCvAuc);
  if (minCv !== undefined) add(`b.best_cv_auc >= ?::float8`, minCv);
  if (maxCv !== undefined) add(`b.best_cv_auc <= ?::float8`, maxCv);
  // a model and/or hyper-parameter conditions: runs with at least one model result meeting all of them
  const conditions = parseParamFilter(q.params, q.model || undefined);
  if ((q.model !== undefined && q.model !== '') || conditions.length) {
    const on = [...(q.model ? [`m."model" = ${bind(q.model)}`] : []), ...conditions.map((c) => paramConditionSql(c, 'm."best_params"', bind))];
    where.push(`EXISTS (SELECT 1 FROM "model_results" m WHERE m."run_id" = r."id" AND ${on.join(' AND ')})`);
  }
  if (!who.isAdmin) add(readableSql('runs', 'r', '?::uuid'), who.userId);
  if (q.after !== undefined && q.after !== '') where.push(RUN_ORDER.after(q.after, bind));
  const limit = listLimit(q.limit);
  const rows: Record<string, any>[] = await db.query(
    `SELECT r."id", r."name", r."project_id", r."experiment_id", r."dataset_id", r."status", r."seed", r."tasks_done", r."tasks_total", r."error",
            coalesce(r."tags", '[]'::jsonb) AS tags, r."archived_at", coalesce(r."notes", '') <> '' AS has_notes, b.best_cv_auc, r."created_at", r."started_at", r."finished_at",
            ${RUN_ORDER.cursorSelect()},
            (SELECT pm."role" FROM "project_members" pm WHERE pm."project_id" = r."project_id" AND pm."user_id" = $1::uuid) AS my_role
       FROM "runs" r
       LEFT JOIN LATERAL (SELECT max(m."cv_auc_mean") AS best_cv_auc FROM "model_results" m WHERE m."run_id" = r."id") b ON true
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY ${RUN_ORDER.orderBy()}
      LIMIT ${limit + 1}`,
    params,
  );
  return RUN_ORDER.page(rows, limit, (r) => ({
    id: r.id,
    name: r.name,
    projectId: r.project_id,
    experimentId: r.experiment_id,
    datasetId: r.dataset_id,
    status: r.status,
    seed: r.seed,
    tasksDone: r.tasks_done,
    tasksTotal: r.tasks_total,
    error: r.error,
    tags: typeof r.tags === 'string' ? JSON.parse(r.tags) : r.tags,
    archivedAt: r.archived_at ? new Date(r.archived_at).toISOString() : null,
    hasNotes: r.has_notes,
    bestCvAuc: r.best_cv_auc === null ? null : Number(r.best_cv_auc),
    createdAt: new Date(r.created_at).toISOString(),
    startedAt: r.started_at ? new Date(r.started_at).toISOString() : null,
    finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
    allowed: allowedActions(who.isAdmin, r.my_role),
  }));
}

/** What a caller with this role in the run's project may do to it besides reading (an admin: everything). */
export function allowedActions(isAdmin: boolean, role: Role | null): RunAction[] {
  const allowed: RunAction[] = [];
  if (isAdmin || (role !== null && roleAllows(role, 'run.curate'))) allowed.push('curate');
  if (isAdmin || (role !== null && roleAllows(role, 'run.delete'))) allowed.push('delete');
  if (isAdmin || (role !== null && roleAllows(role, 'run.control'))) allowed.push('control');
  return allowed;
}
