import { RadSweepInputError } from '@radsweep/core';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';

export const LIST_DEFAULT_LIMIT = 100;
export const LIST_MAX_LIMIT = 500;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A cursor's time: UTC with microseconds, as PostgreSQL stores it (a JS Date would drop the microseconds). */
const MICROSECOND_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/** One key of a list's order: the column, its direction, and how a cursor holds its value exactly. */
export interface KeysetKey {
  /** The column as SQL (`r."created_at"`). */
  sql: string;
  desc: boolean;
  /** SQL of the value as text, exact (a timestamp keeps its microseconds). */
  text: string;
  /** The type the text is cast back to in the page predicate. */
  type: 'timestamptz' | 'uuid' | 'text' | 'int' | 'float8';
  /** Whether a cursor's text is a value of this key. */
  valid: (value: string) => boolean;
  /** The key may be NULL: NULLs sort last whatever the direction, and a cursor holds them as null. */
  nullable?: boolean;
}

/** A float8 as PostgreSQL writes it (shortest exact text since PostgreSQL 12), NaN and infinities included. */
const FLOAT8_TEXT = /^(-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?|NaN|-?Infinity)$/;

/** Keys of the common kinds: a creation time, an id, a name, a version number. */
export const keys = {
  createdAt: (alias: string, desc = true): KeysetKey => keys.time(alias, 'created_at', desc),
  /** A timestamptz column. */
  time: (alias: string, column: string, desc = true): KeysetKey => ({
    sql: `${alias}."${column}"`,
    desc,
    text: `to_char(${alias}."${column}" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`,
    type: 'timestamptz',
    valid: (v) => MICROSECOND_TIME.test(v),
  }),
  id: (alias: string, desc = true): KeysetKey => ({ sql: `${alias}."id"`, desc, text: `${alias}."id"::text`, type: 'uuid', valid: (v) => UUID.test(v) }),
  text: (alias: string, column: string, desc = false): KeysetKey => ({ sql: `${alias}."${column}"`, desc, text: `${alias}."${column}"`, type: 'text', valid: () => true }),
  int: (alias: string, column: string, desc = false): KeysetKey => ({ sql: `${alias}."${column}"`, desc, text: `${alias}."${column}"::text`, type: 'int', valid: (v) => /^-?\d{1,10}$/.test(v) }),
  /** A float8 column (its text is exact: it casts back to the same double). */
  float: (alias: string, column: string, desc = false): KeysetKey => ({ sql: `${alias}."${column}"`, desc, text: `${alias}."${column}"::text`, type: 'float8', valid: (v) => FLOAT8_TEXT.test(v) }),
  /** `key` over a column that may be NULL (NULLS LAST). */
  nullable: (key: KeysetKey): KeysetKey => ({ ...key, nullable: true }),
};

/** A page of a list and the cursor of the next one (null: this is the last page). */
export interface ListPage<T> {
  items: T[];
  nextCursor: string | null;
}

/**
 * Keyset paging on a total order (the last key must be unique, e.g. the id): a
 * page starts strictly after the previous page's last row, so rows with equal
 * leading keys are neither repeated nor skipped, and a page costs the same
 * wherever it is in the list. The cursor is the last row's keys, base64url.
 */
export class KeysetOrder {
  /**
   * `label`, when given, is written into each cursor and checked on reading it: a list whose order varies
   * (a leaderboard's sort and direction) refuses a cursor of another of its orders instead of misreading it.
   */
  constructor(
    private readonly order: KeysetKey[],
    private readonly label?: string,
  ) {}

  /** The keys in order, with their directions (and NULLS LAST for a nullable key). */
  terms(): { sql: string; direction: 'ASC' | 'DESC'; nulls?: 'NULLS LAST' }[] {
    return this.order.map((k) => ({ sql: k.sql, direction: k.desc ? 'DESC' : 'ASC', ...(k.nullable ? { nulls: 'NULLS LAST' as const } : {}) }));
  }

  /** `ORDER BY` text. */
  orderBy(): string {
    return this.terms()
      .map((t) => `${t.sql} ${t.direction}${t.nulls ? ` ${t.nulls}` : ''}`)
      .join(', ');
  }

  /** Each key's cursor text and the name it is selected as (`cursor_<i>`). */
  cursorColumns(): { sql: string; as: string }[] {
    return this.order.map((k, i) => ({ sql: k.text, as: `cursor_${i}` }));
  }

  /** The same as select-list text. */
  cursorSelect(): string {
    return this.cursorColumns()
      .map((c) => `${c.sql} AS "${c.as}"`)
      .join(', ');
  }

  /**
   * The predicate "after the row of `cursor`"; `bind(value)` binds one value and
   * returns its placeholder. One row comparison when all keys go one way and none
   * is nullable (an index on them serves it), else the expansion per key, where a
   * NULL equals NULL and follows every value (NULLS LAST).
   */
  after(cursor: string, bind: (value: string) => string): string {
    const values = this.decode(cursor);
    const value = (i: number) => `${bind(values[i] as string)}::${this.order[i].type}`;
    if (this.order.every((k) => k.desc === this.order[0].desc && !k.nullable)) {
      return `(${this.order.map((k) => k.sql).join(', ')}) ${this.order[0].desc ? '<' : '>'} (${this.order.map((_, i) => value(i)).join(', ')})`;
    }
    const equal = (j: number) => (values[j] === null ? `${this.order[j].sql} IS NULL` : `${this.order[j].sql} = ${value(j)}`);
    const terms: string[] = [];
    this.order.forEach((k, i) => {
      if (values[i] === null) return; // nothing follows a NULL among equal leading keys
      const beyond = `${k.sql} ${k.desc ? '<' : '>'} ${value(i)}`;
      terms.push([...this.order.slice(0, i).map((_, j) => equal(j)), k.nullable ? `(${beyond} OR ${k.sql} IS NULL)` : beyond].join(' AND '));
    });
    return terms.length ? `(${terms.map((t) => `(${t})`).join(' OR ')})` : 'false';
  }

  /** The page of `limit` rows out of `rows` (read with LIMIT limit + 1: one row ahead says whether a next page exists). */
  page<R extends Record<string, unknown>, T>(rows: R[], limit: number, item: (row: R) => T): ListPage<T> {
    const shown = rows.slice(0, limit);
    const last = shown[shown.length - 1];
    return { items: shown.map(item), nextCursor: rows.length > limit ? this.encode(last) : null };
  }

  /** The cursor of `row` (its `cursor_<i>` columns, labelled when the order is), base64url JSON. */
  private encode(row: Record<string, unknown>): string {
    const values = this.order.map((_, i) => (row[`cursor_${i}`] === null ? null : String(row[`cursor_${i}`])));
    return Buffer.from(JSON.stringify(this.label === undefined ? values : [this.label, ...values])).toString('base64url');
  }

  private decode(cursor: string): (string | null)[] {
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    } catch {
      parsed = null;
    }
    const labelled = Array.isArray(parsed) && (this.label === undefined || parsed[0] === this.label);
    const values: unknown[] = labelled ? (parsed as unknown[]).slice(this.label === undefined ? 0 : 1) : [];
    const ok =
      labelled && values.length === this.order.length && values.every((v, i) => (v === null && this.order[i].nullable) || (typeof v === 'string' && this.order[i].valid(v)));
    if (!ok) throw new RadSweepInputError(`'${cursor}' is not a cursor of this list${this.label === undefined ? '' : ` in this order (${this.label})`} (use the X-Next-Cursor header of the previous page)`, 'after');
    return values as (string | null)[];
  }
}

/** A list's `limit` parameter: an integer in 1..LIST_MAX_LIMIT (default LIST_DEFAULT_LIMIT). */
export function listLimit(raw: unknown): number {
  if (raw === undefined || raw === '') return LIST_DEFAULT_LIMIT;
  const n = typeof raw === 'number' ? raw : Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > LIST_MAX_LIMIT) throw new RadSweepInputError(`limit must be an integer in 1..${LIST_MAX_LIMIT}, got ${String(raw)}`, 'limit');
  return n;
}

/** A list query's paging: the page size and the previous page's X-Next-Cursor. */
export interface PageQuery {
  limit?: string | number;
  after?: string;
}

/**
 * One page of `qb`'s rows in `order` (its filters already set): starts after `q.after`, reads `limit + 1` rows,
 * and answers the page with the next page's cursor. `bind` binds a value as a parameter of `qb`.
 */
export async function pageOf<E extends ObjectLiteral>(qb: SelectQueryBuilder<E>, order: KeysetOrder, q: PageQuery, bind: (value: string) => string = binder(qb, 'page')): Promise<ListPage<E>> {
  const limit = listLimit(q.limit);
  if (q.after !== undefined && q.after !== '') qb.andWhere(order.after(q.after, bind));
  for (const c of order.cursorColumns()) qb.addSelect(c.sql, c.as);
  for (const t of order.terms()) qb.addOrderBy(t.sql, t.direction, t.nulls);
  const { raw, entities } = await qb.limit(limit + 1).getRawAndEntities();
  const rows = entities.map((entity, i) => ({ ...raw[i], entity }) as Record<string, unknown> & { entity: E });
  return order.page(rows, limit, (r) => r.entity);
}

/** Binds values as parameters `<prefix>_0`, `<prefix>_1`, ... of `qb`; answers each one's placeholder. */
export function binder(qb: SelectQueryBuilder<ObjectLiteral>, prefix: string): (value: string) => string {
  let bound = 0;
  return (value) => {
    const name = `${prefix}_${bound++}`;
    qb.setParameter(name, value);
    return `:${name}`;
  };
}
