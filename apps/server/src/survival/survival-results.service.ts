import { Injectable, Optional, UnprocessableEntityException } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { MODEL_REGISTRY } from '@radsweep/classifiers';
import { RadSweepInputError } from '@radsweep/core';
import { SURVIVAL_MODEL_REGISTRY } from '@radsweep/survival';
import { CHOSEN_BY_CV_C_NOTE, chosenByCvCIndex, rankByCvCIndex } from '@radsweep/pipeline';
import { SURVIVAL_PREDICTIONS_CSV_COLUMNS, survivalLeaderboardCsvColumns } from '@radsweep/api-contract';
import type {
  SurvivalCompareResponse,
  SurvivalComparisonGroup,
  SurvivalEndpointInfo,
  SurvivalEstimate,
  SurvivalLeaderboardResponse,
  SurvivalLeaderboardRow,
  SurvivalModelRecord,
  SurvivalPredictionRow,
} from '@radsweep/api-contract';
import { isUuid } from '../datasets/datasets.service';
import { DatasetEntity } from '../datasets/dataset.entity';
import { NotFoundError } from '../http/not-found.error';
import { OffloadPool } from '../offload/offload-pool';
import { csvCell } from '../results/csv-cell';
import { ParamCondition, paramConditionSql, parseParamFilter, ParamRegistry } from '../results/param-filter';
import { RunEntity } from '../runs/run.entity';
import { pairedBootstrapCIndexJob } from './paired-bootstrap-c-index';
import type { StoredAtHorizon, StoredCurves } from './survival-curves';
import { SurvivalEndpointEntity, SurvivalFeatureSetResultEntity, SurvivalModelResultEntity, SurvivalPredictionSetEntity } from './survival.entities';

/** The models a survival leaderboard row may hold: survival models, and classifiers trained at a horizon. */
const SURVIVAL_PARAM_REGISTRIES: readonly ParamRegistry[] = [SURVIVAL_MODEL_REGISTRY, MODEL_REGISTRY];

/** Resamples of the compare's paired bootstrap unless the request says otherwise. */
export const DEFAULT_RESAMPLES = 2000;
/** Seed of the compare's paired bootstrap unless the request says otherwise. */
export const DEFAULT_BOOTSTRAP_SEED = 1;

/** The survival results of runs: leaderboards per endpoint, model records, predictions, comparisons and the results file. */
@Injectable()
export class SurvivalResultsService {
  constructor(
    private readonly db: DataSource,
    @Optional() private readonly pool?: OffloadPool,
  ) {}

  /**
   * One leaderboard per endpoint of the run (or the one named): rows by feature set, then mean CV C-index; `best` from CV only.
   * `params`: conditions on the rows' chosen hyper-parameters (the binary leaderboards' filter), a filter of the rows shown
   * that never changes which row is best.
   */
  async leaderboard(runId: string, endpointName?: string, params?: string | string[]): Promise<SurvivalLeaderboardResponse> {
    const conditions = parseParamFilter(params, undefined, SURVIVAL_PARAM_REGISTRIES);
    const run = await this.requireRun(runId);
    const sha = await this.datasetSha256(run.datasetId);
    const endpoints = await this.endpoints(run.id, endpointName);
    const fsRows = await this.db.manager.find(SurvivalFeatureSetResultEntity, { where: { runId: run.id }, order: { position: 'ASC' } });
    const models = await this.db.manager.find(SurvivalModelResultEntity, { where: { runId: run.id }, order: { position: 'ASC' } });
    const shown = conditions.length ? await this.meetingConditions(run.id, conditions) : null;
    return {
      runId: run.id,
      datasetSha256: sha,
      endpoints: endpoints.map((e) => {
        const sets = fsRows.filter((f) => f.endpointId === e.id);
        return {
          endpoint: endpointInfo(e, sets[0]),
          group: comparisonGroup(e, sha),
          rows: sets.flatMap((fs) => rankedRows(models.filter((m) => m.featureSetResultId === fs.id))).filter((r) => !shown || shown.has(r.id)),
          note: CHOSEN_BY_CV_C_NOTE,
        };
      }),
    };
  }

  /** One survival model's record: its leaderboard row, every configuration, the curves and every test patient's prediction. */
  async record(id: string): Promise<SurvivalModelRecord> {
    const m = await this.requireModel(id);
    const endpoint = await this.db.manager.findOneByOrFail(SurvivalEndpointEntity, { id: m.endpointId });
    const fs = await this.db.manager.findOneByOrFail(SurvivalFeatureSetResultEntity, { id: m.featureSetResultId });
    const siblings = await this.db.manager.find(SurvivalModelResultEntity, { where: { featureSetResultId: m.featureSetResultId }, order: { position: 'ASC' } });
    const run = await this.requireRun(m.runId);
    const test = await this.db.manager.findOneBy(SurvivalPredictionSetEntity, { modelResultId: id, kind: 'test' });
    const record = m.record as { cv?: { perConfig?: { index: number; params: Record<string, unknown>; foldC: number[]; mean: number; sd: number; error?: string }[] }; selectedFeatures?: { name: string; scores: Record<string, number> }[]; predictedAt?: number[] };
    const curves = m.curves as unknown as StoredCurves | null;
    return {
      row: rankedRows(siblings).find((r) => r.id === m.id)!,
      endpoint: endpointInfo(endpoint, fs),
      group: comparisonGroup(endpoint, await this.datasetSha256(run.datasetId)),
      configurations: (record.cv?.perConfig ?? []).map((c) => ({ index: c.index, params: c.params, foldC: c.foldC, mean: c.mean, sd: c.sd, error: c.error ?? null })),
      selectedFeatures: record.selectedFeatures ?? [],
      riskGroups: curves?.riskGroups ?? null,
      aucOverTime: curves?.aucOverTime ?? [],
      brier: curves?.brier ?? [],
      calibration: curves?.calibration ?? [],
      decisionCurves: curves?.decisionCurves ?? [],
      predictedAt: record.predictedAt ?? [],
      predictions: test ? predictionRows(test) : [],
    };
  }

  /**
   * The survival leaderboards as one CSV (a row per endpoint x feature set x model, in the API's order): CV and test
   * C-indices with CIs, Uno's C, td-AUC at each horizon of the run, IBS beside the null model's, calibration slope,
   * the horizon of a classifier and its excluded censored count, the best-by-CV mark: the contract's
   * SURVIVAL_LEADERBOARD_CSV_COLUMNS, cells in that order. Cells go through csvCell.
   */
  async leaderboardCsv(runId: string, endpointName?: string): Promise<string> {
    const board = await this.leaderboard(runId, endpointName);
    const horizons = [...new Set(board.endpoints.flatMap((e) => e.endpoint.horizons))].sort((a, b) => a - b);
    const num = (v: number | null | undefined) => (v === null || v === undefined ? '' : String(v));
    const lines = [survivalLeaderboardCsvColumns(horizons).join(',')];
    for (const e of board.endpoints) {
      for (const r of e.rows) {
        const auc = new Map(r.tdAuc.map((a) => [a.horizon, a.estimate]));
        lines.push([
          csvCell(e.endpoint.name), csvCell(r.featureSet), csvCell(r.model), r.best ? '1' : '0', num(r.cvCIndex), num(r.cvCIndexSd),
          num(r.testHarrellC?.estimate), num(r.testHarrellC?.lower), num(r.testHarrellC?.upper), num(r.testUnoC?.estimate), num(r.testUnoC?.tau),
          ...horizons.map((h) => num(auc.get(h))), num(r.ibs?.estimate), num(r.ibs?.nullEstimate), num(r.calibrationSlope?.slope),
          num(r.atHorizon?.horizon), num(r.atHorizon?.excludedCensored), r.error === null ? '' : csvCell(r.error),
        ].join(','));
      }
    }
    return lines.join('\n') + '\n';
  }

  /**
   * Every test patient's predictions of every model of the run (or of one endpoint) as CSV:
   * endpoint,feature_set,model,id,time,event,linear_predictor,survival_at_<h>... (the horizons of the endpoints
   * shown; empty where a model did not predict at one). `event` 1 = event of interest, 0 = censored (competing events included).
   */
  async predictionsCsv(runId: string, endpointName?: string): Promise<string> {
    const run = await this.requireRun(runId);
    const endpoints = await this.endpoints(run.id, endpointName);
    const horizons = [...new Set(endpoints.flatMap((e) => e.horizons))].sort((a, b) => a - b);
    const rows: { endpoint: string; feature_set: string; model: string; ids: string[]; times: number[]; events: number[]; linear_predictors: number[]; predicted_at: number[]; survival: number[] }[] = await this.db.query(
      `SELECT m.endpoint, m.feature_set, m.model, p.ids, p.times, p.events, p.linear_predictors, p.predicted_at, p.survival
         FROM survival_prediction_sets p JOIN survival_model_results m ON m.id = p.model_result_id
         JOIN survival_feature_set_results f ON f.id = m.feature_set_result_id JOIN survival_endpoints e ON e.id = m.endpoint_id
        WHERE m.run_id = $1 AND p.kind = 'test' AND e.id = ANY($2::uuid[]) ORDER BY e.position, f.position, m.position`,
      [run.id, endpoints.map((e) => e.id)],
    );
    const lines = [[...SURVIVAL_PREDICTIONS_CSV_COLUMNS, ...horizons.map((h) => `survival_at_${h}`)].join(',')];
    for (const r of rows) {
      const k = r.predicted_at.length;
      const column = horizons.map((h) => r.predicted_at.indexOf(h));
      const head = [csvCell(r.endpoint), csvCell(r.feature_set), csvCell(r.model)];
      r.ids.forEach((id, i) => lines.push([...head, csvCell(id), r.times[i], r.events[i], r.linear_predictors[i], ...column.map((c) => (c < 0 ? '' : r.survival[i * k + c]))].join(',')));
    }
    return lines.join('\n') + '\n';
  }

  /**
   * Harrell's C of two survival models of one comparison group (same dataset sha256, endpoint and test
   * patients), their difference (= the difference of the two stored test C-indices) and a paired bootstrap
   * (seeded) of it. Models of different groups: 422 naming what differs.
   */
  async compare(aId: string, bId: string, resamples = DEFAULT_RESAMPLES, seed = DEFAULT_BOOTSTRAP_SEED): Promise<SurvivalCompareResponse> {
    const a = await this.requireModel(aId, 'a');
    const b = await this.requireModel(bId, 'b');
    const [ea, eb] = await Promise.all([a, b].map((m) => this.db.manager.findOneByOrFail(SurvivalEndpointEntity, { id: m.endpointId })));
    const [ra, rb] = await Promise.all([a, b].map((m) => this.requireRun(m.runId)));
    const [sa, sb] = await Promise.all([ra, rb].map((r) => this.datasetSha256(r.datasetId)));
    const differs = (what: string) => {
      throw new UnprocessableEntityException(`b: model ${b.id} is not in the comparison group of model ${a.id} (${what} differs); only models of one dataset (sha256), endpoint and test set are compared`);
    };
    if (sa !== sb) differs('dataset sha256');
    if (ea.name !== eb.name || ea.timeColumn !== eb.timeColumn || ea.eventColumn !== eb.eventColumn || JSON.stringify([...ea.eventCodes].sort()) !== JSON.stringify([...eb.eventCodes].sort())) differs('endpoint');
    if (ea.testSetSha256 !== eb.testSetSha256) differs('test set');
    for (const [m, name] of [[a, 'a'], [b, 'b']] as const) {
      if (m.testHarrellC === null) throw new UnprocessableEntityException(`${name}: model ${m.id} has no test C-index (${m.error ?? 'no test metrics'})`);
    }
    const [pa, pb] = await Promise.all([a, b].map((m) => this.db.manager.findOneByOrFail(SurvivalPredictionSetEntity, { modelResultId: m.id, kind: 'test' })));
    const rowOfB = new Map(pb.ids.map((id, i) => [id, i]));
    const order = pa.ids.map((id) => rowOfB.get(id));
    if (order.some((i) => i === undefined) || pa.ids.length !== pb.ids.length) differs('test patients');
    const job = {
      time: Float64Array.from(pa.times),
      event: Uint8Array.from(pa.events),
      riskA: Float64Array.from(pa.linearPredictors),
      riskB: Float64Array.from(order, (i) => pb.linearPredictors[i!]),
      resamples,
      seed,
    };
    const boot = this.pool ? await this.pool.run('pairedBootstrapCIndexJob', job) : pairedBootstrapCIndexJob(job);
    const side = (m: SurvivalModelResultEntity) => ({ id: m.id, model: m.model, featureSet: m.featureSet, runId: m.runId, harrellC: m.testHarrellC! });
    return {
      group: comparisonGroup(ea, sa),
      a: side(a),
      b: side(b),
      n: pa.ids.length,
      events: pa.events.reduce((s, e) => s + e, 0),
      difference: a.testHarrellC! - b.testHarrellC!,
      bootstrap: { resamples: boot.resamples, seed: boot.seed, skipped: boot.skipped, stdErr: boot.stdErr, lower: boot.lower, upper: boot.upper, pValue: boot.pValue },
      competingEvents: ea.competingEvents,
    };
  }

  /** A survival run's results file in the CLI's `--out` format (kind 'survival'), or null for a run without survival endpoints. */
  async export(run: RunEntity): Promise<Record<string, unknown> | null> {
    const endpoints = await this.db.manager.find(SurvivalEndpointEntity, { where: { runId: run.id }, order: { position: 'ASC' } });
    if (endpoints.length === 0) return null;
    const fsRows = await this.db.manager.find(SurvivalFeatureSetResultEntity, { where: { runId: run.id }, order: { position: 'ASC' } });
    const models = await this.db.manager.find(SurvivalModelResultEntity, { where: { runId: run.id }, order: { position: 'ASC' } });
    const preds = models.length ? await this.db.manager.findBy(SurvivalPredictionSetEntity, { modelResultId: In(models.map((m) => m.id)) }) : [];
    const totalMs = run.finishedAt && run.startedAt ? run.finishedAt.getTime() - run.startedAt.getTime() : null;
    return {
      ...(run.header ?? {}),
      software: run.software,
      endpoints: endpoints.map((e) => ({
        name: e.name,
        timeColumn: e.timeColumn,
        eventColumn: e.eventColumn,
        eventCodes: e.eventCodes,
        horizons: e.horizons,
        competingEvents: e.competingEvents,
        cohort: e.cohort,
        split: e.split,
        cv: e.cv,
        featureSets: fsRows
          .filter((fs) => fs.endpointId === e.id)
          .map((fs) => ({
            name: fs.name,
            features: fs.features,
            ...(fs.steps ? { steps: fs.steps } : {}),
            events: fs.events,
            selection: fs.selection,
            folds: fs.folds,
            models: models.filter((m) => m.featureSetResultId === fs.id).map((m) => withPredictions(m.record, preds.filter((p) => p.modelResultId === m.id))),
            timings: fs.timings,
          })),
      })),
      timings: { loadMs: null, totalMs },
      run: { id: run.id, status: run.status },
    };
  }

  private async endpoints(runId: string, name?: string): Promise<SurvivalEndpointEntity[]> {
    const all = await this.db.manager.find(SurvivalEndpointEntity, { where: { runId }, order: { position: 'ASC' } });
    if (name === undefined || name === '') return all;
    const one = all.filter((e) => e.name === name);
    if (one.length === 0) throw new RadSweepInputError(`run ${runId} has no survival endpoint '${name}'${all.length ? `; its endpoints: ${all.map((e) => e.name).join(', ')}` : ' (it has no survival endpoints)'}`, 'endpoint');
    return one;
  }

  private async datasetSha256(datasetId: string): Promise<string> {
    return (await this.db.manager.findOneByOrFail(DatasetEntity, { id: datasetId })).sourceSha256;
  }

  private async requireRun(id: string): Promise<RunEntity> {
    const run = isUuid(id) ? await this.db.manager.findOneBy(RunEntity, { id }) : null;
    if (!run) throw new NotFoundError('run', id);
    return run;
  }

  /** The ids of the run's survival model results whose chosen hyper-parameters meet every condition (in SQL, as the binary leaderboards). */
  private async meetingConditions(runId: string, conditions: ParamCondition[]): Promise<Set<string>> {
    const values: unknown[] = [runId];
    const bind = (value: unknown) => `$${values.push(value)}`;
    const where = conditions.map((c) => paramConditionSql(c, 'm."best_params"', bind)).join(' AND ');
    const rows: { id: string }[] = await this.db.query(`SELECT m."id" FROM "survival_model_results" m WHERE m."run_id" = $1 AND ${where}`, values);
    return new Set(rows.map((r) => r.id));
  }

  private async requireModel(id: string, field?: string): Promise<SurvivalModelResultEntity> {
    const m = isUuid(id) ? await this.db.manager.findOneBy(SurvivalModelResultEntity, { id }) : null;
    if (!m) throw new NotFoundError(field ? `survival model result (${field})` : 'survival model result', id);
    return m;
  }
}

/** The models of one endpoint x feature set as leaderboard rows, ranked by mean CV C-index (ties in spec order); `best` = chosen by CV. */
function rankedRows(models: SurvivalModelResultEntity[]): SurvivalLeaderboardRow[] {
  const scored = models.map((m) => ({ m, cv: { cIndex: { mean: m.cvCMean ?? NaN } } }));
  const best = chosenByCvCIndex(scored);
  return rankByCvCIndex(scored).map((s) => leaderboardRow(s.m, s === best));
}

function leaderboardRow(m: SurvivalModelResultEntity, best: boolean): SurvivalLeaderboardRow {
  const atHorizons = m.atHorizons as unknown as StoredAtHorizon[];
  return {
    id: m.id,
    runId: m.runId,
    endpoint: m.endpoint,
    featureSet: m.featureSet,
    model: m.model,
    label: m.label,
    bestParams: m.bestParams,
    cvCIndex: m.cvCMean as number,
    cvCIndexSd: m.cvCSd as number,
    testHarrellC: estimate(m.testHarrellC, m.testHarrellCSe, m.testHarrellCLower, m.testHarrellCUpper),
    testUnoC: m.testUnoC === null ? null : { ...estimate(m.testUnoC, m.testUnoCSe, m.testUnoCLower, m.testUnoCUpper)!, tau: m.unoTau as number },
    tdAuc: atHorizons.map((h) => h.auc),
    ibs: m.ibs === null ? null : { estimate: m.ibs, nullEstimate: m.nullIbs as number },
    calibrationSlope: m.calibrationSlope === null ? null : { slope: m.calibrationSlope, stdErr: m.calibrationSlopeSe as number },
    calibrationSlopeAtHorizon: atHorizons.map((h) => h.calibrationSlope),
    atHorizon: m.classifierHorizon === null ? null : { horizon: m.classifierHorizon, excludedCensored: m.excludedCensored as number },
    best,
    error: m.error,
  };
}

function estimate(value: number | null, stdErr: number | null, lower: number | null, upper: number | null): SurvivalEstimate | null {
  return value === null ? null : { estimate: value, stdErr: stdErr as number, lower: lower as number, upper: upper as number };
}

function endpointInfo(e: SurvivalEndpointEntity, fs: SurvivalFeatureSetResultEntity | undefined): SurvivalEndpointInfo {
  const test = (fs?.events as { test?: { n: number; events: number } } | undefined)?.test;
  return {
    name: e.name,
    timeColumn: e.timeColumn,
    eventColumn: e.eventColumn,
    eventCodes: e.eventCodes,
    horizons: e.horizons,
    competingEvents: e.competingEvents,
    cohort: e.cohort,
    test: test ?? { n: e.split.testIds.length, events: NaN },
  };
}

function comparisonGroup(e: SurvivalEndpointEntity, datasetSha256: string): SurvivalComparisonGroup {
  return { datasetSha256, endpoint: e.name, testSetSha256: e.testSetSha256 };
}

function predictionRows(p: SurvivalPredictionSetEntity): SurvivalPredictionRow[] {
  const k = p.predictedAt.length;
  return p.ids.map((id, i) => ({ id, time: p.times[i], event: p.events[i] as 0 | 1, linearPredictor: p.linearPredictors[i], survival: p.survival.slice(i * k, (i + 1) * k) }));
}

/** A stored record with its predictions put back where the results file has them (the engine's key order). */
function withPredictions(record: Record<string, unknown>, preds: SurvivalPredictionSetEntity[]): Record<string, unknown> {
  const test = preds.find((p) => p.kind === 'test');
  const oof = preds.find((p) => p.kind === 'oof');
  const { selectedFeatures, predictedAt, atHorizon, timings, error, ...rest } = record;
  return {
    ...rest,
    selectedFeatures,
    predictions: test ? predictionRows(test) : [],
    predictedAt,
    ...(atHorizon !== undefined ? { atHorizon } : {}),
    oofPredictions: oof ? oof.ids.map((id, i) => ({ id, fold: oof.folds![i], time: oof.times[i], event: oof.events[i], linearPredictor: oof.linearPredictors[i] })) : [],
    timings,
    // the engine adds a failed model's error after everything else
    ...(error !== undefined ? { error } : {}),
  };
}
