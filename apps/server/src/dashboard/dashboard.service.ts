import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { decisionCurve } from '@radsweep/metrics';
import { rankedRowColumns } from '../results/leaderboard-row';
import { comparisonGroups, CV_RANK_ORDER, LeaderboardFilter, LeaderboardSql, leaderboardWindow, mixedTestSetsNote, RANKING, totalOf } from '../results/leaderboard-sql';
import { isUuid } from '../datasets/datasets.service';
import { ExperimentEntity } from '../experiments/experiment.entity';
import { NotFoundError } from '../http/not-found.error';
import { FeatureSetResultEntity } from '../results/feature-set-result.entity';
import { ModelResultEntity } from '../results/model-result.entity';
import { PredictionSetEntity } from '../results/prediction-set.entity';
import type { LeaderboardRow } from '../results/results.service';
import { RunEntity } from '../runs/run.entity';

/** Thresholds of the decision curve: 0.01, 0.02, ..., 0.99. */
const DECISION_THRESHOLDS = Float64Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

export type { DashboardLeaderboardRow } from '@radsweep/api-contract';
import type { ClassBalance, DashboardLeaderboardPage, DashboardLeaderboardRow, ModelComparison, ModelRecord, ModelView } from '@radsweep/api-contract';

export interface DashboardLeaderboardQuery extends LeaderboardFilter {
  sort?: string;
  order?: string;
  limit?: number;
  /** The previous page's X-Next-Cursor. */
  after?: string;
  /** Refused (400 naming it): the pages of offsets are gone. */
  offset?: string;
}

/**
 * Read models of the dashboard: the leaderboard with the columns a reviewer needs
 * (calibration slope, class balance, positive class, one-class flag, the comparison
 * groups with the row chosen by CV in each), a model's record with its run's settings,
 * decision curve and probability histogram computed from the stored predictions.
 * (Comparisons and the predictions CSV: results/comparison.service.ts and predictions-export.ts.)
 */
@Injectable()
export class DashboardService {
  constructor(private readonly db: DataSource) {}

  /** The leaderboard page (keyset-paged in the database: `after` is the previous page's cursor) and the next page's cursor. */
  async leaderboard(q: DashboardLeaderboardQuery): Promise<{ page: DashboardLeaderboardPage; nextCursor: string | null }> {
    const window = leaderboardWindow(q, 500);
    const { sort, order, limit, keyset } = window;
    const sql = await new LeaderboardSql(q).load(this.db);
    const pageSql = sql.page(window);
    const scopeParams = sql.params.slice(0, sql.scopeParamCount);
    const [rows, groups, featureSets, models, datasets, experiments] = await Promise.all([
      // the page's ids first (sorted and counted on plain columns), then the wide columns of those rows only: reading
      // every row's record (JSON of curves) before the LIMIT cost 1.5 s over 6,000 rows (benchmarks/dashboard.bench.ts)
      this.db.query(
        `${pageSql}
         SELECT ${LeaderboardSql.pageColumns(window)}, m.run_id, r.experiment_id, e.name AS experiment, e.version, r.created_at,
                m.feature_set, m.model, m.label, m.best_params,
                m.cv_auc_mean, m.cv_auc_sd, m.test_auc, m.test_auc_lower, m.test_auc_upper, m.accuracy, m.recall, m.specificity, m.f1, m.brier,
                (m.record->'test'->>'calibrationSlope')::float8 AS calibration_slope, m.record->'test'->'calibrationUndefined' AS calibration_undefined, m.record->'test'->'singleClassPrediction' AS single_class,
                f.class_balance, r.header->'dataset'->'positiveClass' AS positive_class, m.error
         FROM page p JOIN model_results m ON m.id = p.id JOIN runs r ON r.id = m.run_id JOIN feature_set_results f ON f.id = m.feature_set_result_id JOIN experiments e ON e.id = r.experiment_id
         ORDER BY ${keyset.orderBy()}`,
        sql.params,
      ),
      this.db.query(sql.groups, sql.params.slice(0, sql.rankedParamCount)),
      this.db.query(`${sql.scope} SELECT DISTINCT m.feature_set AS name FROM model_results m JOIN scope s ON s.id = m.run_id ORDER BY 1`, scopeParams),
      this.db.query(`${sql.scope} SELECT DISTINCT m.model AS id, m.label FROM model_results m JOIN scope s ON s.id = m.run_id ORDER BY 2`, scopeParams),
      this.db.query(`${sql.scope} SELECT s.dataset_sha256 AS sha256, min(s.dataset_name) AS name FROM scope s GROUP BY 1 ORDER BY 2, 1`, scopeParams),
      this.db.query(`${sql.scope} SELECT DISTINCT e.id, e.name, e.version FROM scope s JOIN runs r ON r.id = s.id JOIN experiments e ON e.id = r.experiment_id ORDER BY 2, 3`, scopeParams),
    ]);
    const comparison = comparisonGroups(groups);
    const { items, nextCursor } = keyset.page(rows, limit, (r: Record<string, any>): DashboardLeaderboardRow => ({
      ...rankedRowColumns(r),
      experiment: `${r.experiment} v${r.version}`,
      createdAt: r.created_at,
      calibrationSlope: r.calibration_slope,
      calibrationUndefined: r.calibration_undefined ?? null,
      singleClassPrediction: r.single_class ?? null,
      classBalance: r.class_balance,
      positiveClass: r.positive_class,
    }));
    const page: DashboardLeaderboardPage = {
      total: await totalOf(this.db, sql, rows),
      limit,
      sort,
      order,
      ranking: RANKING,
      groups: comparison,
      note: mixedTestSetsNote(comparison),
      featureSets: featureSets.map((f: { name: string }) => f.name),
      models: models as { id: string; label: string }[],
      datasets: datasets as { sha256: string; name: string }[],
      experiments: experiments.map((e: { id: string; name: string; version: number }) => ({ id: e.id, label: `${e.name} v${e.version}` })),
      items,
    };
    return { page, nextCursor };
  }

  /** A model's record with what produced it (run settings, seed, dataset hash, software) and server-computed curves. */
  async record(id: string): Promise<ModelView> {
    const model = await this.requireModel(id);
    const [run, fs, preds, ranked] = await Promise.all([
      this.db.manager.findOneByOrFail(RunEntity, { id: model.runId }),
      this.db.manager.findOneByOrFail(FeatureSetResultEntity, { id: model.featureSetResultId }),
      this.db.manager.findBy(PredictionSetEntity, { modelResultId: id, kind: 'test' }),
      this.db.query(`SELECT m.id, m.cv_auc_mean FROM model_results m JOIN runs r ON r.id = m.run_id WHERE m.feature_set_result_id = $1 ORDER BY ${CV_RANK_ORDER}`, [model.featureSetResultId]),
    ]);
    const rank = ranked.findIndex((m: { id: string }) => m.id === model.id) + 1;
    const experiment = await this.db.manager.findOneBy(ExperimentEntity, { id: run.experimentId });
    const test = preds[0];
    const header = (run.header ?? {}) as Record<string, any>;
    const bins = Math.max(10, Number(header.settings?.metrics?.calibrationBins ?? 10));
    return {
      id: model.id,
      runId: model.runId,
      // class balance and selection are jsonb columns written from the engine's FeatureSetResult
      featureSet: { name: fs.name, features: fs.features, classBalance: fs.classBalance as ClassBalance, selection: fs.selection as ModelView['featureSet']['selection'] },
      run: {
        id: run.id,
        status: run.status,
        seed: run.seed,
        createdAt: run.createdAt,
        dataset: header.dataset ?? null,
        settings: header.settings ?? null,
        split: { type: run.split.type, train: run.split.trainIds.length, test: run.split.testIds.length },
        cv: { type: run.cv.type, foldsPerRepeat: run.cv.foldsPerRepeat, repeats: run.cv.repeats },
        modelSeeds: header.modelSeeds ?? null,
        leaky: header.leaky ?? false,
        leakyNote: header.leakyNote ?? null,
        software: run.software,
      },
      experiment: experiment ? { id: experiment.id, name: experiment.name, version: experiment.version } : null,
      ranking: { cvRank: model.cvAucMean === null ? null : rank, of: ranked.length, note: RANKING.note },
      record: model.record as ModelRecord, // the engine's ModelResult as stored (predictions kept apart)
      predictions: test ? test.ids.map((pid, i) => ({ id: pid, label: test.labels[i], probability: test.probabilities[i] })) : [],
      decisionCurve: test && hasBothClasses(test.labels) ? decisionCurveOf(test) : null,
      histogram: test ? histogram(test.probabilities, bins) : null,
    };
  }

  private async requireModel(id: string): Promise<ModelResultEntity> {
    const row = isUuid(id) ? await this.db.manager.findOneBy(ModelResultEntity, { id }) : null;
    if (!row) throw new NotFoundError('model result', id);
    return row;
  }
}

function hasBothClasses(labels: number[]): boolean {
  return labels.includes(0) && labels.includes(1);
}

function decisionCurveOf(p: PredictionSetEntity) {
  const points = decisionCurve(Uint8Array.from(p.labels), Float64Array.from(p.probabilities), DECISION_THRESHOLDS);
  return { threshold: points.map((x) => x.threshold), model: points.map((x) => x.model), treatAll: points.map((x) => x.treatAll), treatNone: points.map(() => 0) };
}

/** Counts of predicted probabilities in `bins` equal-width bins over [0, 1] (1 falls in the last bin). */
export function histogram(probabilities: ArrayLike<number>, bins: number): { edges: number[]; counts: number[] } {
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < probabilities.length; i++) counts[Math.min(bins - 1, Math.max(0, Math.floor(probabilities[i] * bins)))]++;
  return { edges: Array.from({ length: bins + 1 }, (_, i) => i / bins), counts };
}

