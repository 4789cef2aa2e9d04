import { CHOSEN_BY_CV_NOTE } from '@radsweep/pipeline';
import { RadSweepInputError } from '@radsweep/core';
import type { DataSource } from 'typeorm';
import { readableSql } from '../auth/project-access';
import { isUuid } from '../datasets/datasets.service';
import { keys, KeysetOrder } from '../database/keyset-page';
import { ParamCondition, paramConditionSql, parseParamFilter } from './param-filter';

/** What a leaderboard covers: runs (by id, experiment, dataset row or dataset content) and rows (feature set, model). */
export interface LeaderboardFilter {
  runId?: string;
  experimentId?: string;
  datasetId?: string;
  /** The sha256 of the dataset's file: every upload of the same data. */
  datasetSha256?: string;
  featureSet?: string;
  model?: string;
  /** Only runs this user may read (access control; null or absent: every run). */
  readableBy?: string | null;
  /** Runs with this tag / in this status. */
  tag?: string;
  status?: string;
  /** Archived runs: 'false' (left out; the default unless a run is named), 'true' (only them) or 'all'. */
  archived?: string;
  /** Row ranges (inclusive) of the mean CV AUC and the test AUC: filters of the rows shown, never of a group's choice by CV. */
  minCvAuc?: number | string;
  maxCvAuc?: number | string;
  minTestAuc?: number | string;
  maxTestAuc?: number | string;
  /**
   * Conditions on the rows' chosen hyper-parameters (best_params), comma-separated: `C>=0.1,C<=10,max_depth<=5,penalty=l1`
   * (param-filter.ts). A filter of the rows shown, like the AUC ranges.
   */
  params?: string | string[];
}

/** Row range filters: query name -> column of model_results. */
const ROW_RANGES = [
  ['minCvAuc', 'cv_auc_mean', '>='],
  ['maxCvAuc', 'cv_auc_mean', '<='],
  ['minTestAuc', 'test_auc', '>='],
  ['maxTestAuc', 'test_auc', '<='],
] as const;

/**
 * How rows rank inside a comparison group: the experiment's scoring on
 * cross-validation (roc_auc: mean CV AUC), ties in spec order, then the older
 * run. The same rule as the CLI's (libs/pipeline model-ranking); never a test metric.
 */
export const CV_RANK_ORDER = 'm.cv_auc_mean DESC NULLS LAST, m.position, r.created_at, m.id';

/** THE leaderboard sort keys of every leaderboard route (API name -> SQL over the rows' model result `m` and run `r`). */
export const LEADERBOARD_SORTS: Record<string, string> = {
  featureSet: 'm.feature_set',
  model: 'm.label',
  cvAuc: 'm.cv_auc_mean',
  cvAucSd: 'm.cv_auc_sd',
  testAuc: 'm.test_auc',
  testAucLower: 'm.test_auc_lower',
  testAucUpper: 'm.test_auc_upper',
  accuracy: 'm.accuracy',
  recall: 'm.recall',
  specificity: 'm.specificity',
  f1: 'm.f1',
  brier: 'm.brier',
  calibrationSlope: "(m.record->'test'->>'calibrationSlope')::float8",
  createdAt: 'r.created_at',
};

/** Lower is better (or alphabetical) for these keys, so they sort ascending by default. */
const ASCENDING = new Set(['brier', 'featureSet', 'model']);
/** Sort keys that are not float8 metrics: text (alphabetical) and the run's creation time. */
const TEXT_SORTS = new Set(['featureSet', 'model']);
const TIME_SORTS = new Set(['createdAt']);

/**
 * A page's order over the `page`/`board` columns (LeaderboardSql.page): the sort key (NULLs last), then the rank
 * by CV (CV_RANK_ORDER), whose last key, the model result's id, makes the order total for keyset paging.
 */
function leaderboardOrder(sort: string, desc: boolean): KeysetOrder {
  const sortKey = TEXT_SORTS.has(sort) ? keys.text('p', 'sort_key', desc) : TIME_SORTS.has(sort) ? keys.time('p', 'sort_key', desc) : keys.float('p', 'sort_key', desc);
  return new KeysetOrder(
    [keys.nullable(sortKey), keys.nullable(keys.float('p', 'rank_cv', true)), keys.int('p', 'rank_position'), keys.time('p', 'rank_created_at', false), keys.id('p', false)],
    `${sort} ${desc ? 'desc' : 'asc'}`,
  );
}

/** A leaderboard page's order and window, checked: the sort, its direction, the page size and the previous page's cursor. */
export interface LeaderboardWindow {
  sort: string;
  order: 'asc' | 'desc';
  limit: number;
  /** The previous page's X-Next-Cursor (absent: the first page). */
  after?: string;
  keyset: KeysetOrder;
}

/** Checks a leaderboard route's sort, order and limit (1..maxLimit, default 50), naming the bad parameter (the cursor is checked by the page's query). */
export function leaderboardWindow(q: { sort?: string; order?: string; limit?: number; after?: string; offset?: string }, maxLimit: number): LeaderboardWindow {
  // a client of the offset pages would read page 1 again and again: told, not ignored
  if (q.offset !== undefined) throw new RadSweepInputError("leaderboards are paged by cursor: pass the previous page's X-Next-Cursor header as after=", 'offset');
  const sort = q.sort ?? RANKING.sort;
  if (!LEADERBOARD_SORTS[sort]) throw new RadSweepInputError(`unknown sort key '${sort}'; known: ${Object.keys(LEADERBOARD_SORTS).join(', ')}`, 'sort');
  const order = (q.order ?? (ASCENDING.has(sort) ? 'asc' : 'desc')).toLowerCase();
  if (order !== 'asc' && order !== 'desc') throw new RadSweepInputError(`order must be asc or desc, got '${q.order}'`, 'order');
  const limit = q.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) throw new RadSweepInputError(`limit must be an integer in 1..${maxLimit}, got ${q.limit}`, 'limit');
  return { sort, order, limit, after: q.after || undefined, keyset: leaderboardOrder(sort, order === 'desc') };
}

/** How the leaderboard ranks and what its test columns mean, sent with every page. */
export const RANKING = { sort: 'cvAuc', scoring: 'roc_auc', note: CHOSEN_BY_CV_NOTE } as const;

export type { ComparisonGroup } from '@radsweep/api-contract';
import type { ComparisonGroup } from '@radsweep/api-contract';

const SHA256 = /^[0-9a-f]{64}$/;

/**
 * The test patients' fingerprint of run `r`, independent of the order the split listed
 * them in (a launch's test ids keep the order given): the count and the sum of the ids'
 * 64-bit hashes, md5'd (sets of equal count and hash sum do not occur by chance among a
 * lab's runs). A run's split never changes, so each is computed once per process.
 */
const TEST_SET_SQL = `(SELECT left(md5(count(*) || ':' || coalesce(sum(hashtextextended(t, 0)), 0)), 12) FROM jsonb_array_elements_text(r.split->'testIds') t)`;

/** Test-set fingerprints by run id (ids are random uuids: one map serves every store of the process). */
const TEST_SETS = new Map<string, string>();
const TEST_SETS_CAP = 200_000;

/**
 * The SQL of a leaderboard over its filter. `load` reads the runs covered (with
 * their dataset's sha256, file name and test-set fingerprint) into parameters
 * $1-$4, the `scope` CTE; `ranked` adds their model rows with each row's
 * comparison group and its rank by CV in it. Parameters are numbered scope first,
 * then feature set, then model, so a query can use a prefix of them (PostgreSQL
 * refuses a parameter it cannot type).
 */
export class LeaderboardSql {
  /** Parameters of the page queries (after load): the scope's four arrays, then the feature set and model filters. */
  readonly params: unknown[] = [];
  readonly scopeParamCount = 4;
  /** Parameters used by the scope and the feature-set filter. */
  rankedParamCount = 4;
  /** Parameters used by the rows' filters (after them: those of a page's cursor). */
  rowsParamCount = 4;
  private readonly runWhere: string[] = [];
  private readonly runParams: unknown[] = [];
  private readonly featureSetWhere: string[] = [];
  private readonly modelWhere: string[] = [];
  private readonly paramConditions: ParamCondition[];

  constructor(private readonly f: LeaderboardFilter) {
    this.paramConditions = parseParamFilter(f.params, f.model);
    const add = (sql: string, value: unknown) => {
      this.runParams.push(value);
      this.runWhere.push(sql.replace('?', `$${this.runParams.length}`));
    };
    for (const key of ['runId', 'experimentId', 'datasetId'] as const) {
      const v = f[key];
      if (v === undefined || v === '') continue;
      if (!isUuid(v)) throw new RadSweepInputError(`not an id: '${v}'`, key);
      add({ runId: 'r.id = ?', experimentId: 'r.experiment_id = ?', datasetId: 'r.dataset_id = ?' }[key], v);
    }
    if (f.datasetSha256 !== undefined && f.datasetSha256 !== '') {
      const sha = f.datasetSha256.toLowerCase();
      if (!SHA256.test(sha)) throw new RadSweepInputError(`datasetSha256 must be 64 hex digits, got '${f.datasetSha256}'`, 'datasetSha256');
      add('d.source_sha256 = ?', sha);
    }
    if (f.readableBy) add(readableSql('runs', 'r', '?'), f.readableBy);
    if (f.tag) add('r.tags @> jsonb_build_array(?::text)', f.tag);
    if (f.status) add('r.status = ?', f.status);
    const archived = f.archived || (f.runId ? 'all' : 'false');
    if (archived === 'false') this.runWhere.push('r.archived_at IS NULL');
    else if (archived === 'true') this.runWhere.push('r.archived_at IS NOT NULL');
    else if (archived !== 'all') throw new RadSweepInputError(`archived must be false, true or all, got '${f.archived}'`, 'archived');
  }

  /** Reads the runs covered and their test-set fingerprints (computed in SQL for runs not seen before) into the parameters. */
  async load(db: DataSource): Promise<this> {
    const runs: { id: string; dataset_sha256: string; dataset_name: string }[] = await db.query(
      `SELECT r.id, d.source_sha256 AS dataset_sha256, coalesce(r.header->'dataset'->>'path', '') AS dataset_name
       FROM runs r JOIN datasets d ON d.id = r.dataset_id ${whereOf(this.runWhere)}`,
      this.runParams,
    );
    const unseen = runs.filter((r) => !TEST_SETS.has(r.id)).map((r) => r.id);
    if (unseen.length) {
      if (TEST_SETS.size + unseen.length > TEST_SETS_CAP) TEST_SETS.clear();
      const found: { id: string; test_set: string }[] = await db.query(`SELECT r.id, ${TEST_SET_SQL} AS test_set FROM runs r WHERE r.id = ANY($1::uuid[])`, [unseen]);
      for (const x of found) TEST_SETS.set(x.id, x.test_set);
    }
    this.params.push(
      runs.map((r) => r.id),
      runs.map((r) => r.dataset_sha256),
      runs.map((r) => r.dataset_name),
      runs.map((r) => TEST_SETS.get(r.id) ?? ''),
    );
    if (this.f.featureSet) this.add(this.featureSetWhere, 'm.feature_set = ?', this.f.featureSet);
    this.rankedParamCount = this.params.length;
    if (this.f.model) this.add(this.modelWhere, 'm.model = ?', this.f.model);
    for (const [key, column, op] of ROW_RANGES) {
      const v = this.f[key];
      if (v === undefined || v === '') continue;
      const n = Number(v);
      if (!Number.isFinite(n)) throw new RadSweepInputError(`${key} must be a number, got '${v}'`, key);
      this.add(this.modelWhere, `m.${column} ${op} ?::float8`, n);
    }
    for (const c of this.paramConditions) {
      this.modelWhere.push(paramConditionSql(c, 'm.best_params', this.bind));
    }
    this.rowsParamCount = this.params.length;
    return this;
  }

  /** `WITH scope AS (...)`: the runs covered (id, dataset_sha256, dataset_name, test_set), from parameters $1-$4. */
  get scope(): string {
    return 'WITH scope AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS s(id, dataset_sha256, dataset_name, test_set))';
  }

  /** `WITH scope AS (...), ranked AS (...)`: rows of the feature-set filter with their group and rank by CV (1 = best; null without a CV score). */
  get ranked(): string {
    return `${this.scope}, ranked AS (
      SELECT m.id, s.dataset_sha256, s.dataset_name, s.test_set, r.experiment_id, m.feature_set,
             CASE WHEN m.cv_auc_mean IS NULL THEN NULL
                  ELSE row_number() OVER (PARTITION BY s.dataset_sha256, r.experiment_id, s.test_set, m.feature_set ORDER BY ${CV_RANK_ORDER}) END AS cv_rank
      FROM model_results m JOIN scope s ON s.id = m.run_id JOIN runs r ON r.id = m.run_id ${whereOf(this.featureSetWhere)})`;
  }

  /** FROM of the rows shown: `ranked k` joined to `model_results m`, `runs r` and any further `joins`, with the model filter. */
  rowsFrom(joins = ''): string {
    return `FROM ranked k JOIN model_results m ON m.id = k.id JOIN runs r ON r.id = m.run_id ${joins} ${whereOf(this.modelWhere)}`;
  }

  /**
   * `WITH ..., board AS (...), page AS (...)`: `page` holds the rows of `w`'s page (read one ahead: limit + 1), each with
   * `total` (the rows of the filter, counted before the cursor cuts), its group columns and rank by CV, its order's
   * keys and their cursor texts. The sort key and the cursor are in the same query as the readable-run scope, so
   * the database cuts the page. Select from `page p` and order by `w.keyset.orderBy()`.
   */
  page(w: LeaderboardWindow): string {
    const expr = LEADERBOARD_SORTS[w.sort];
    const sortKey = TEXT_SORTS.has(w.sort) || TIME_SORTS.has(w.sort) ? expr : `(${expr})::float8`;
    const after = w.after ? `WHERE ${w.keyset.after(w.after, this.bind)}` : '';
    return `${this.ranked}, board AS (
        SELECT count(*) OVER ()::int AS total, m.id, k.dataset_sha256, k.test_set, k.cv_rank,
               ${sortKey} AS sort_key, m.cv_auc_mean AS rank_cv, m.position AS rank_position, r.created_at AS rank_created_at
        ${this.rowsFrom()}),
      page AS (SELECT p.*, ${w.keyset.cursorSelect()} FROM board p ${after} ORDER BY ${w.keyset.orderBy()} LIMIT ${w.limit + 1})`;
  }

  /** Select-list text of `page p`'s columns a route reads: the total, id, group columns, rank by CV and the cursor texts. */
  static pageColumns(w: LeaderboardWindow): string {
    return ['p.total', 'p.id', 'p.dataset_sha256', 'p.test_set', 'p.cv_rank::int AS cv_rank', ...w.keyset.cursorColumns().map((c) => `p."${c.as}"`)].join(', ');
  }

  /** The comparison groups of the rows (whatever the model filter: the best of a group does not depend on it). */
  get groups(): string {
    return `${this.ranked}
      SELECT g.*, e.name AS experiment, e.version, f.class_balance, r.header->'dataset'->'positiveClass' AS positive_class
      FROM (SELECT dataset_sha256, min(dataset_name) AS dataset_name, experiment_id, test_set, feature_set, count(*)::int AS n,
                   (array_agg(id) FILTER (WHERE cv_rank = 1))[1] AS best_id, min(id::text)::uuid AS any_id
            FROM ranked GROUP BY dataset_sha256, experiment_id, test_set, feature_set) g
      JOIN model_results m0 ON m0.id = g.any_id JOIN feature_set_results f ON f.id = m0.feature_set_result_id
      JOIN runs r ON r.id = m0.run_id JOIN experiments e ON e.id = g.experiment_id
      ORDER BY e.name, e.version, g.dataset_name, g.dataset_sha256, g.test_set, g.feature_set`;
  }

  private add(where: string[], sql: string, value: unknown): void {
    where.push(sql.replace('?', this.bind(value)));
  }

  /** Adds a page-query parameter; returns its placeholder. */
  private readonly bind = (value: unknown): string => {
    this.params.push(value);
    return `$${this.params.length}`;
  };
}

/** The number of rows of a page's query: its `total` window column, counted apart only for a page past the end. */
export async function totalOf(db: DataSource, sql: LeaderboardSql, rows: { total: number }[]): Promise<number> {
  if (rows.length) return rows[0].total;
  const [{ count }] = await db.query(`${sql.ranked} SELECT count(*)::int AS count ${sql.rowsFrom()}`, sql.params.slice(0, sql.rowsParamCount));
  return count;
}

function whereOf(w: string[]): string {
  return w.length ? `WHERE ${w.join(' AND ')}` : '';
}

/** The key naming a row's comparison group (opaque; equal keys = same dataset, experiment, test patients and feature set). */
export function groupKey(r: Record<string, unknown>): string {
  return JSON.stringify([r.dataset_sha256, r.experiment_id, r.test_set, r.feature_set]);
}

/** A groups query's rows as ComparisonGroups. */
export function comparisonGroups(rows: Record<string, any>[]): ComparisonGroup[] {
  return rows.map((g) => ({
    key: groupKey(g),
    datasetSha256: g.dataset_sha256,
    datasetName: g.dataset_name,
    experimentId: g.experiment_id,
    experiment: `${g.experiment} v${g.version}`,
    testSet: g.test_set,
    featureSet: g.feature_set,
    rows: g.n,
    bestId: g.best_id,
    classBalance: g.class_balance ?? null,
    positiveClass: g.positive_class ?? null,
  }));
}

/**
 * A sentence when the groups come from more than one test set (different datasets,
 * or different test patients of one dataset): their test metrics are not comparable.
 */
export function mixedTestSetsNote(groups: ComparisonGroup[]): string | null {
  const testSets = new Set(groups.map((g) => `${g.datasetSha256}/${g.testSet}`));
  if (testSets.size < 2) return null;
  const datasets = new Set(groups.map((g) => g.datasetSha256)).size;
  return (
    `These rows come from ${testSets.size} different test sets (${datasets} dataset${datasets === 1 ? '' : 's'} by sha256): ` +
    'test metrics of different test sets are not comparable, and the best model is chosen only within one dataset, experiment, test set and feature set.'
  );
}
