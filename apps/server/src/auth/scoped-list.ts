import { RadSweepInputError } from '@radsweep/core';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { binder, KeysetOrder, ListPage, pageOf } from '../database/keyset-page';
import type { AccessScope } from './principal';
import { ReadableTable, readableSql } from './project-access';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What every scoped list takes: an optional project, the page size and the previous page's X-Next-Cursor. */
export interface ScopedListQuery {
  projectId?: string;
  limit?: string | number;
  after?: string;
}

/**
 * A list of `table`'s rows as ONE query: the caller's read scope (readableSql;
 * none for an admin) and the filters of `qb` as predicates, keyset-paged on
 * `order`, so pages are cut in the database for every role.
 */
export async function scopedList<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, table: ReadableTable, order: KeysetOrder, scope: AccessScope, q: ScopedListQuery): Promise<ListPage<E>> {
  const alias = qb.alias;
  const bind = binder(qb, 'scoped');
  if (!scope.principal.isAdmin) qb.andWhere(readableSql(table, alias, `CAST(${bind(scope.principal.id)} AS uuid)`));
  if (q.projectId !== undefined && q.projectId !== '') {
    if (!UUID.test(q.projectId)) throw new RadSweepInputError(`projectId must be an id (uuid), got '${q.projectId}'`, 'projectId');
    qb.andWhere(`${alias}."project_id" = CAST(${bind(q.projectId)} AS uuid)`);
  }
  return pageOf(qb, order, q, bind);
}
