import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { RadSweepInputError } from '@radsweep/core';
import { decisionCurve } from '@radsweep/metrics';
import { csvCell } from '../results/csv-cell';
import { modelResultColumns } from '../results/leaderboard-row';
import { comparisonGroups, CV_RANK_ORDER, groupKey, LeaderboardFilter, LeaderboardSql, mixedTestSetsNote, RANKING, totalOf } from '../results/leaderboard-sql';
import { pairedDelong, sameTestPatients } from '../results/paired-delong';
import { isUuid } from '../datasets/datasets.service';
import { ExperimentEntity } from '../experiments/experiment.entity';
import { NotFoundError } from '../http/not-found.error';
import { FeatureSetResultEntity } from '../results/feature-set-result.entity';
import { ModelResultEntity } from '../results/model-result.entity';
import { PredictionSetEntity } from '../results/prediction-set.entity';
import type { LeaderboardRow } from '../results/results.service';
import { RunEntity } from '../runs/run.entity';

/** Leaderboard sort keys of the dashboard (API name -> SQL expression); every column of the table sorts. */
export const DASHBOARD_SORTS: Record<string, string> = {
  featureSet: 'm.feature_set',
  model: 'm.label',
  cvAuc: 'm.cv_auc_mean',
  testAuc: 'm.test_auc',
  accuracy: 'm.accuracy',
  recall: 'm.recall',
  specificity: 'm.specificity',
  f1: 'm.f1',
  brier: 'm.brier',
  calibrationSlope: "(m.record->'test'->>'calibrationSlope')::float8",
  createdAt: 'r.created_at',
};

/** Lower is better for these keys, so they sort ascending by default. */
const ASCENDING = new Set(['brier', 'featureSet', 'model']);

/** Thresholds of the decision curve: 0.01, 0.02, ..., 0.99. */
const DECISION_THRESHOLDS = Float64Array.from({ length: 99 }, (_, i) => (i + 1) / 100);

export type { DashboardLeaderboardRow } from '@radsweep/api-contract';
import type { ClassBalance, DashboardLeaderboardPage, DashboardLeaderboardRow, ModelComparison, ModelRecord, ModelView } from '@radsweep/api-contract';

export interface DashboardLeaderboardQuery extends LeaderboardFilter {
  sort?: string;
  order?: string;
  limit?: number;
  offset?: number;
}

/**
 * Read models of the dashboard: the leaderboard with the columns a reviewer needs
 * (calibration slope, class balance, positive class, one-class flag, the comparison
 * groups with the row chosen by CV in each), a model's record with its run's settings,
 * decision curve and probability histogram computed from the stored predictions, and
 * model-to-model comparison with DeLong's test on shared patients.
 */
@Injectable()
export class DashboardService {
  constructor(private readonly db: DataSource) {}

  async leaderboard(q: DashboardLeaderboardQuery): Promise<DashboardLeaderboardPage> {
    const sort = q.sort ?? RANKING.sort;
    const expr = DASHBOARD_SORTS[sort];
    if (!expr) throw new RadSweepInputError(`unknown sort key '${sort}'; known: ${Object.keys(DASHBOARD_SORTS).join(', ')}`, 'sort');
    const order = (q.order ?? (ASCENDING.has(sort) ? 'asc' : 'desc')).toLowerCase();
    if (order !== 'asc' && order !== 'desc') throw new RadSweepInputError(`order must be asc or desc, got '${q.order}'`, 'order');
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) throw new RadSweepInputError(`limit must be an integer in 1..500, got ${q.limit}`, 'limit');
    if (!Number.isInteger(offset) || offset < 0) throw new RadSweepInputError(`offset must be an integer >= 0, got ${q.offset}`, 'offset');
    const sql = await new LeaderboardSql(q).load(this.db);
    const scopeParams = sql.params.slice(0, sql.scopeParamCount);
    const [rows, groups, featureSets, models, datasets, experiments] = await Promise.all([
      this.db.query(
        `${sql.ranked} SELECT count(*) OVER ()::int AS total, m.id, m.run_id, r.experiment_id, e.name AS experiment, e.version, r.created_at, k.dataset_sha256, k.test_set, k.cv_rank::int AS cv_rank,
                m.feature_set, m.model, m.label, m.best_params,
                m.cv_auc_mean, m.cv_auc_sd, m.test_auc, m.test_auc_lower, m.test_auc_upper, m.accuracy, m.recall, m.specificity, m.f1, m.brier,
                (m.record->'test'->>'calibrationSlope')::float8 AS calibration_slope, m.record->'test'->'calibrationUndefined' AS calibration_undefined, m.record->'test'->'singleClassPrediction' AS single_class,
                f.class_balance, r.header->'dataset'->'positiveClass' AS positive_class, m.error
         ${sql.rowsFrom('JOIN feature_set_results f ON f.id = m.feature_set_result_id JOIN experiments e ON e.id = r.experiment_id')}
         ORDER BY ${expr} ${order} NULLS LAST, ${CV_RANK_ORDER} LIMIT ${limit} OFFSET ${offset}`,
        sql.params,
      ),
      this.db.query(sql.groups, sql.params.slice(0, sql.rankedParamCount)),
      this.db.query(`${sql.scope} SELECT DISTINCT m.feature_set AS name FROM model_results m JOIN scope s ON s.id = m.run_id ORDER BY 1`, scopeParams),
      this.db.query(`${sql.scope} SELECT DISTINCT m.model AS id, m.label FROM model_results m JOIN scope s ON s.id = m.run_id ORDER BY 2`, scopeParams),
      this.db.query(`${sql.scope} SELECT s.dataset_sha256 AS sha256, min(s.dataset_name) AS name FROM scope s GROUP BY 1 ORDER BY 2, 1`, scopeParams),
      this.db.query(`${sql.scope} SELECT DISTINCT e.id, e.name, e.version FROM scope s JOIN runs r ON r.id = s.id JOIN experiments e ON e.id = r.experiment_id ORDER BY 2, 3`, scopeParams),
    ]);
    const comparison = comparisonGroups(groups);
    return {
      total: await totalOf(this.db, sql, rows),
      limit,
      offset,
      sort,
      order,
      ranking: RANKING,
      groups: comparison,
      note: mixedTestSetsNote(comparison),
      featureSets: featureSets.map((f: { name: string }) => f.name),
      models: models as { id: string; label: string }[],
      datasets: datasets as { sha256: string; name: string }[],
      experiments: experiments.map((e: { id: string; name: string; version: number }) => ({ id: e.id, label: `${e.name} v${e.version}` })),
      items: rows.map((r: Record<string, any>) => ({
        id: r.id,
        runId: r.run_id,
        experimentId: r.experiment_id,
        experiment: `${r.experiment} v${r.version}`,
        createdAt: r.created_at,
        datasetSha256: r.dataset_sha256,
        testSet: r.test_set,
        group: groupKey(r),
        cvRank: r.cv_rank,
        best: r.cv_rank === 1,
        ...modelResultColumns(r),
        calibrationSlope: r.calibration_slope,
        calibrationUndefined: r.calibration_undefined ?? null,
        singleClassPrediction: r.single_class ?? null,
        classBalance: r.class_balance,
        positiveClass: r.positive_class,
        error: r.error,
      })) as DashboardLeaderboardRow[],
    };
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

  /** Test predictions of one model as CSV: id,label,probability. */
  /**
   * One model's test predictions as a CSV named `<run>-<feature set>-<model>-predictions.csv` (run: first 8 hex
   * digits), with the run, feature set and model in every row, so files of several models can be concatenated.
   */
  async predictionsCsv(id: string): Promise<{ fileName: string; body: string }> {
    const model = await this.requireModel(id);
    const preds = await this.db.manager.findBy(PredictionSetEntity, { modelResultId: id, kind: 'test' });
    const lead = `${model.runId},${csvCell(model.featureSet)},${csvCell(model.model)}`;
    const lines = ['run,feature_set,model,id,label,probability'];
    for (const p of preds) p.ids.forEach((pid, i) => lines.push(`${lead},${csvCell(pid)},${p.labels[i]},${p.probabilities[i]}`));
    const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');
    return { fileName: `${model.runId.slice(0, 8)}-${safe(model.featureSet)}-${safe(model.model)}-predictions.csv`, body: lines.join('\n') + '\n' };
  }

  /**
   * Two or more models (of one run or of several): their curves and metrics,
   * deltas against the first, DeLong's paired test against the first when both
   * were tested on the same patients, and the experiment specs they came from.
   */
  async compareModels(ids: string[]): Promise<ModelComparison> {
    if (ids.length < 2) throw new RadSweepInputError('give at least two model result ids to compare', 'ids');
    const valid = ids.filter(isUuid);
    const found = valid.length ? await this.db.manager.findBy(ModelResultEntity, { id: In(valid) }) : [];
    const byId = new Map(found.map((m) => [m.id.toLowerCase(), m]));
    const models = ids.map((id) => {
      const row = isUuid(id) ? byId.get(id.toLowerCase()) : undefined;
      if (!row) throw new NotFoundError('model result', id);
      return row;
    });
    const runs = await this.db.manager.findBy(RunEntity, { id: In([...new Set(models.map((m) => m.runId))]) });
    const experiments = await this.db.manager.findBy(ExperimentEntity, { id: In([...new Set(runs.map((r) => r.experimentId))]) });
    const preds = await this.db.manager.findBy(PredictionSetEntity, { modelResultId: In(ids), kind: 'test' });
    const predOf = new Map(preds.map((p) => [p.modelResultId, p]));
    const first = models[0];
    return {
      models: models.map((m, i) => {
        const run = runs.find((r) => r.id === m.runId)!;
        const exp = experiments.find((e) => e.id === run.experimentId);
        const rec = m.record as Record<string, any>;
        return {
          id: m.id,
          runId: m.runId,
          experimentId: run.experimentId,
          experiment: exp ? `${exp.name} v${exp.version}` : run.experimentId,
          featureSet: m.featureSet,
          model: m.model,
          label: m.label,
          bestParams: m.bestParams,
          test: rec.test ?? null,
          cvAuc: m.cvAucMean,
          roc: rec.roc ?? null,
          calibration: rec.calibration ?? null,
          deltaTestAuc: m.testAuc !== null && first.testAuc !== null ? m.testAuc - first.testAuc : null,
          deltaCvAuc: m.cvAucMean !== null && first.cvAucMean !== null ? m.cvAucMean - first.cvAucMean : null,
          deltaBrier: m.brier !== null && first.brier !== null ? m.brier - first.brier : null,
          sameTestPatients: sameTestPatients(predOf.get(first.id), predOf.get(m.id)),
          delong: i === 0 ? null : pairedDelong(predOf.get(first.id), predOf.get(m.id)),
        };
      }),
      experiments: experiments.map((e) => ({ id: e.id, name: e.name, version: e.version, spec: e.spec })),
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

