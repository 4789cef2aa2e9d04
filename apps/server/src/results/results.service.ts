import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { rankedRowColumns } from './leaderboard-row';
import { ComparisonGroup, comparisonGroups, LeaderboardFilter, LeaderboardSql, leaderboardWindow, mixedTestSetsNote, RANKING, totalOf } from './leaderboard-sql';
import type { ModelResultRecord } from '@radsweep/api-contract';
import { isUuid } from '../datasets/datasets.service';
import { NotFoundError } from '../http/not-found.error';
import { RunEntity } from '../runs/run.entity';
import { SurvivalResultsService } from '../survival/survival-results.service';
import { FeatureSetResultEntity } from './feature-set-result.entity';
import { ModelResultEntity } from './model-result.entity';
import { PredictionSetEntity } from './prediction-set.entity';

export interface LeaderboardQuery extends LeaderboardFilter {
  sort?: string;
  order?: 'asc' | 'desc';
  limit?: number;
  /** The previous page's X-Next-Cursor. */
  after?: string;
  /** Refused (400 naming it): the pages of offsets are gone. */
  offset?: string;
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

  /**
   * Model results of one run or across runs: filtered, sorted by any metric (default: CV score; NULLs last), with their
   * comparison groups; keyset-paged in the database (`after`: the previous page's cursor), with the next page's cursor.
   */
  async leaderboard(q: LeaderboardQuery): Promise<{ page: LeaderboardPage<LeaderboardRow>; nextCursor: string | null }> {
    const window = leaderboardWindow(q, 1000);
    const { sort, order, limit, keyset } = window;
    const sql = await new LeaderboardSql(q).load(this.db);
    const pageSql = sql.page(window);
    const [rows, groups] = await Promise.all([
      this.db.query(
        `${pageSql} SELECT ${LeaderboardSql.pageColumns(window)}, m.run_id, r.experiment_id, r.dataset_id,
                m.feature_set, m.model, m.label, m.best_params, m.cv_auc_mean, m.cv_auc_sd,
                m.test_auc, m.test_auc_lower, m.test_auc_upper, m.accuracy, m.recall, m.specificity, m.f1, m.brier, m.error
         FROM page p JOIN model_results m ON m.id = p.id JOIN runs r ON r.id = m.run_id ORDER BY ${keyset.orderBy()}`,
        sql.params,
      ),
      this.db.query(sql.groups, sql.params.slice(0, sql.rankedParamCount)),
    ]);
    const comparison = comparisonGroups(groups);
    const { items, nextCursor } = keyset.page(rows, limit, (r: Record<string, any>): LeaderboardRow => ({ ...rankedRowColumns(r), datasetId: r.dataset_id }));
    const page = { total: await totalOf(this.db, sql, rows), limit, sort, order, ranking: RANKING, groups: comparison, note: mixedTestSetsNote(comparison), items };
    return { page, nextCursor };
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
      ...(fs.steps ? { steps: fs.steps } : {}),
      classBalance: fs.classBalance,
      selection: fs.selection,
      folds: fs.folds,
      models: models.filter((m) => m.featureSetResultId === fs.id).map((m) => withPredictions(m.record, preds.filter((p) => p.modelResultId === m.id))),
      timings: fs.timings,
    }));
    const totalMs = run.finishedAt && run.startedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null;
    return { ...(run.header ?? {}), software: run.software, featureSets, timings: { loadMs: null, totalMs }, run: { id: run.id, status: run.status } };
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
