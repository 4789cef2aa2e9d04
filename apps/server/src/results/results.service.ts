import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { RadSweepInputError } from '@radsweep/core';
import { modelResultColumns } from './leaderboard-row';
import { comparisonGroups, CV_RANK_ORDER, groupKey, LeaderboardFilter, LeaderboardSql, mixedTestSetsNote, RANKING, totalOf } from './leaderboard-sql';
import type { ModelResultRecord, RunComparison } from '@radsweep/api-contract';
import { csvCell } from './csv-cell';
import { pairedDelong, sameTestPatients } from './paired-delong';
import { isUuid } from '../datasets/datasets.service';
import { NotFoundError } from '../http/not-found.error';
import { RunEntity } from '../runs/run.entity';
import { SurvivalResultsService } from '../survival/survival-results.service';
import { FeatureSetResultEntity } from './feature-set-result.entity';
import { ModelResultEntity } from './model-result.entity';
import { PredictionSetEntity } from './prediction-set.entity';

/** Leaderboard sort keys (API name -> column). */
export const SORT_COLUMNS: Record<string, string> = {
  testAuc: 'test_auc',
  testAucLower: 'test_auc_lower',
  testAucUpper: 'test_auc_upper',
  cvAuc: 'cv_auc_mean',
  cvAucSd: 'cv_auc_sd',
  accuracy: 'accuracy',
  recall: 'recall',
  specificity: 'specificity',
  f1: 'f1',
  brier: 'brier',
};

export interface LeaderboardQuery extends LeaderboardFilter {
  sort?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  offset?: number;
}

export type { LeaderboardRow } from '@radsweep/api-contract';
import type { LeaderboardRow } from '@radsweep/api-contract';

export type { LeaderboardPage } from '@radsweep/api-contract';
import type { LeaderboardPage } from '@radsweep/api-contract';

@Injectable()
export class ResultsService {
  constructor(
    private readonly db: DataSource,
    private readonly survival: SurvivalResultsService,
  ) {}

  /** Model results of one run or across runs: filtered, sorted by any metric (default: CV score; NULLs last), paged, with their comparison groups. */
  async leaderboard(q: LeaderboardQuery): Promise<LeaderboardPage<LeaderboardRow>> {
    const sort = q.sort ?? RANKING.sort;
    const column = SORT_COLUMNS[sort];
    if (!column) throw new RadSweepInputError(`unknown sort key '${sort}'; known: ${Object.keys(SORT_COLUMNS).join(', ')}`, 'sort');
    const order = (q.order ?? (sort === 'brier' ? 'asc' : 'desc')).toLowerCase();
    if (order !== 'asc' && order !== 'desc') throw new RadSweepInputError(`order must be asc or desc, got '${q.order}'`, 'order');
    const limit = q.limit ?? 50;
    const offset = q.offset ?? 0;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new RadSweepInputError(`limit must be an integer in 1..1000, got ${q.limit}`, 'limit');
    if (!Number.isInteger(offset) || offset < 0) throw new RadSweepInputError(`offset must be an integer >= 0, got ${q.offset}`, 'offset');
    const sql = await new LeaderboardSql(q).load(this.db);
    const [rows, groups] = await Promise.all([
      this.db.query(
        `${sql.ranked} SELECT count(*) OVER ()::int AS total, m.id, m.run_id, r.experiment_id, r.dataset_id, k.dataset_sha256, k.test_set, k.cv_rank::int AS cv_rank,
                m.feature_set, m.model, m.label, m.best_params, m.cv_auc_mean, m.cv_auc_sd,
                m.test_auc, m.test_auc_lower, m.test_auc_upper, m.accuracy, m.recall, m.specificity, m.f1, m.brier, m.error
         ${sql.rowsFrom()} ORDER BY m.${column} ${order} NULLS LAST, ${CV_RANK_ORDER} LIMIT ${limit} OFFSET ${offset}`,
        sql.params,
      ),
      this.db.query(sql.groups, sql.params.slice(0, sql.rankedParamCount)),
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
      items: rows.map((r: Record<string, any>) => ({
        id: r.id,
        runId: r.run_id,
        experimentId: r.experiment_id,
        datasetId: r.dataset_id,
        datasetSha256: r.dataset_sha256,
        testSet: r.test_set,
        group: groupKey(r),
        cvRank: r.cv_rank,
        best: r.cv_rank === 1,
        ...modelResultColumns(r),
        error: r.error,
      })) as LeaderboardRow[],
    };
  }

  /** One model's full record: the results file's ModelResult with its test predictions. */
  async modelRecord(id: string): Promise<ModelResultRecord> {
    const row = isUuid(id) ? await this.db.manager.findOneBy(ModelResultEntity, { id }) : null;
    if (!row) throw new NotFoundError('model result', id);
    const preds = await this.db.manager.findBy(PredictionSetEntity, { modelResultId: id });
    // the stored record is the engine's ModelResult as the results file writes it (predictions kept apart)
    return { id: row.id, runId: row.runId, featureSet: row.featureSet, ...withPredictions(row.record, preds) } as ModelResultRecord;
  }

  /** The run's results in the CLI's `--out` format (formatVersion 1; a survival run's: kind 'survival'). */
  async export(runId: string): Promise<Record<string, unknown>> {
    const run = await this.requireRun(runId);
    const survival = await this.survival.export(run);
    if (survival) return survival;
    const fsRows = await this.db.manager.find(FeatureSetResultEntity, { where: { runId }, order: { position: 'ASC' } });
    const models = await this.db.manager.find(ModelResultEntity, { where: { runId }, order: { position: 'ASC' } });
    const preds = models.length ? await this.db.manager.findBy(PredictionSetEntity, { modelResultId: In(models.map((m) => m.id)) }) : [];
    const featureSets = fsRows.map((fs) => ({
      name: fs.name,
      features: fs.features,
      classBalance: fs.classBalance,
      selection: fs.selection,
      folds: fs.folds,
      models: models.filter((m) => m.featureSetResultId === fs.id).map((m) => withPredictions(m.record, preds.filter((p) => p.modelResultId === m.id))),
      timings: fs.timings,
    }));
    const totalMs = run.finishedAt && run.startedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null;
    return { ...(run.header ?? {}), software: run.software, featureSets, timings: { loadMs: null, totalMs }, run: { id: run.id, status: run.status } };
  }

  /**
   * A run's stored predictions as CSV. `test` (default): feature_set,model,id,label,probability
   * of every test patient; `oof`: feature_set,model,fold,id,label,probability of every
   * training patient in each CV split, from each model's best configuration.
   */
  async predictionsCsv(runId: string, kind = 'test'): Promise<string> {
    if (kind !== 'test' && kind !== 'oof') throw new RadSweepInputError(`kind must be 'test' or 'oof', got '${kind}'`, 'kind');
    await this.requireRun(runId);
    const rows: { feature_set: string; model: string; ids: string[]; labels: number[]; probabilities: number[]; folds: number[] | null }[] = await this.db.query(
      `SELECT m.feature_set, m.model, p.ids, p.labels, p.probabilities, p.folds FROM prediction_sets p JOIN model_results m ON m.id = p.model_result_id
       JOIN feature_set_results f ON f.id = m.feature_set_result_id WHERE m.run_id = $1 AND p.kind = $2 ORDER BY f.position, m.position`,
      [runId, kind],
    );
    const oof = kind === 'oof';
    const lines = [oof ? 'feature_set,model,fold,id,label,probability' : 'feature_set,model,id,label,probability'];
    for (const r of rows) {
      const head = [csvCell(r.feature_set), csvCell(r.model)];
      r.ids.forEach((id, i) => lines.push([...head, ...(oof ? [r.folds![i]] : []), csvCell(id), r.labels[i], r.probabilities[i]].join(',')));
    }
    return lines.join('\n') + '\n';
  }

  /**
   * Runs side by side, per feature set and model of the first run: each run's
   * CV and test AUC, the delta to the first run, and DeLong's paired test of the
   * two test AUCs when both models were tested on the same patients.
   */
  async compare(runIds: string[]): Promise<RunComparison> {
    if (runIds.length < 2) throw new RadSweepInputError('give at least two run ids to compare', 'runs');
    for (const id of runIds) await this.requireRun(id);
    const models = await this.db.manager.find(ModelResultEntity, { where: { runId: In(runIds) } });
    const preds = models.length ? await this.db.manager.findBy(PredictionSetEntity, { modelResultId: In(models.map((m) => m.id)), kind: 'test' }) : [];
    const predOf = new Map(preds.map((p) => [p.modelResultId, p]));
    const base = models.filter((m) => m.runId === runIds[0]).sort((a, b) => a.featureSet.localeCompare(b.featureSet) || a.position - b.position);
    return {
      runs: runIds,
      rows: base.map((b) => ({
        featureSet: b.featureSet,
        model: b.model,
        runs: runIds.map((runId) => {
          const m = models.find((x) => x.runId === runId && x.featureSet === b.featureSet && x.model === b.model);
          if (!m) return { runId, present: false };
          const test = pairedDelong(predOf.get(b.id), predOf.get(m.id));
          return {
            runId,
            present: true,
            modelResultId: m.id,
            cvAuc: m.cvAucMean,
            testAuc: m.testAuc,
            deltaCvAuc: m.cvAucMean !== null && b.cvAucMean !== null ? m.cvAucMean - b.cvAucMean : null,
            deltaTestAuc: m.testAuc !== null && b.testAuc !== null ? m.testAuc - b.testAuc : null,
            /** False: the two test AUCs come from different patients, so their delta is not a model difference alone. */
            sameTestPatients: sameTestPatients(predOf.get(b.id), predOf.get(m.id)),
            delong: runId === runIds[0] ? null : test,
          };
        }),
      })),
    };
  }

  private async requireRun(id: string): Promise<RunEntity> {
    const run = isUuid(id) ? await this.db.manager.findOneBy(RunEntity, { id }) : null;
    if (!run) throw new NotFoundError('run', id);
    return run;
  }
}

/** A stored record with its predictions put back where the results file has them. */
function withPredictions(record: Record<string, unknown>, preds: PredictionSetEntity[]): Record<string, unknown> {
  const test = preds.find((p) => p.kind === 'test');
  const oof = preds.find((p) => p.kind === 'oof');
  const predictions = test ? test.ids.map((id, i) => ({ id, label: test.labels[i], probability: test.probabilities[i] })) : [];
  const oofPredictions = oof ? oof.ids.map((id, i) => ({ id, fold: oof.folds![i], label: oof.labels[i], probability: oof.probabilities[i] })) : [];
  const { timings, error, ...rest } = record;
  // The results file's key order: predictions, oofPredictions, then error and timings.
  return { ...rest, predictions, oofPredictions, ...(error !== undefined ? { error } : {}), timings };
}
