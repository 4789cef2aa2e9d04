import { CHOSEN_BY_CV_NOTE } from '@radsweep/pipeline';
import { RadSweepInputError } from '@radsweep/core';
import { readableRunSql } from '../auth/project-access';
import { isUuid } from '../datasets/datasets.service';

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
}

/**
 * How rows rank inside a comparison group: the experiment's scoring on
 * cross-validation (roc_auc: mean CV AUC), ties in spec order, then the older
 * run. The same rule as the CLI's (libs/pipeline model-ranking); never a test metric.
 */
export const CV_RANK_ORDER = 'm.cv_auc_mean DESC NULLS LAST, m.position, r.created_at, m.id';

/** How the leaderboard ranks and what its test columns mean, sent with every page. */
export const RANKING = { sort: 'cvAuc', scoring: 'roc_auc', note: CHOSEN_BY_CV_NOTE } as const;

/**
 * A comparison group: rows of one dataset (sha256), experiment version, test
 * patients and feature set. Only inside a group are models ranked against each
 * other and one chosen ("best", by CV); the class balance is the group's.
 */
export interface ComparisonGroup {
  key: string;
  datasetSha256: string;
  /** The file name the run read (its results header's dataset path; a reviewer may see it, unlike the dataset row). */
  datasetName: string;
  experimentId: string;
  experiment: string;
  /** First 12 hex digits of the md5 of the sorted test ids: equal for runs tested on the same patients. */
  testSet: string;
  featureSet: string;
  rows: number;
  /** The row chosen by CV, or null when no row has a CV score. */
  bestId: string | null;
  classBalance: { train: { n: number; positives: number }; test: { n: number; positives: number } } | null;
  positiveClass: string | number | null;
}

const SHA256 = /^[0-9a-f]{64}$/;

/** The test patients' fingerprint of run `r`: independent of the order the split listed them in. */
const TEST_SET_SQL = `(SELECT left(md5(coalesce(string_agg(t, ',' ORDER BY t COLLATE "C"), '')), 12) FROM jsonb_array_elements_text(r.split->'testIds') t)`;

/**
 * The SQL of a leaderboard over its filter: a `scope` CTE of the runs covered
 * (with their dataset's sha256 and test-set fingerprint) and a `ranked` CTE of
 * their model rows with each row's comparison group and its rank by CV in it.
 * Parameters are numbered scope first, then feature set, then model, so a query
 * can use a prefix of them (PostgreSQL refuses a parameter it cannot type).
 */
export class LeaderboardSql {
  readonly params: unknown[] = [];
  private readonly scopeWhere: string[] = [];
  private readonly featureSetWhere: string[] = [];
  private readonly modelWhere: string[] = [];
  /** Parameters used by the scope alone, and by the scope and the feature-set filter. */
  readonly scopeParamCount: number;
  readonly rankedParamCount: number;

  constructor(f: LeaderboardFilter) {
    for (const key of ['runId', 'experimentId', 'datasetId'] as const) {
      const v = f[key];
      if (v === undefined || v === '') continue;
      if (!isUuid(v)) throw new RadSweepInputError(`not an id: '${v}'`, key);
      this.add(this.scopeWhere, { runId: 'r.id = ?', experimentId: 'r.experiment_id = ?', datasetId: 'r.dataset_id = ?' }[key], v);
    }
    if (f.datasetSha256 !== undefined && f.datasetSha256 !== '') {
      const sha = f.datasetSha256.toLowerCase();
      if (!SHA256.test(sha)) throw new RadSweepInputError(`datasetSha256 must be 64 hex digits, got '${f.datasetSha256}'`, 'datasetSha256');
      this.add(this.scopeWhere, 'd.source_sha256 = ?', sha);
    }
    if (f.readableBy) this.add(this.scopeWhere, readableRunSql('r', '?'), f.readableBy);
    this.scopeParamCount = this.params.length;
    if (f.featureSet) this.add(this.featureSetWhere, 'm.feature_set = ?', f.featureSet);
    this.rankedParamCount = this.params.length;
    if (f.model) this.add(this.modelWhere, 'm.model = ?', f.model);
  }

  /** `WITH scope AS (...)`: the runs covered. */
  get scope(): string {
    return `WITH scope AS (
      SELECT r.id, d.source_sha256 AS dataset_sha256, coalesce(r.header->'dataset'->>'path', '') AS dataset_name, ${TEST_SET_SQL} AS test_set
      FROM runs r JOIN datasets d ON d.id = r.dataset_id ${whereOf(this.scopeWhere)})`;
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
    this.params.push(value);
    where.push(sql.replace('?', `$${this.params.length}`));
  }
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
