import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { RadSweepInputError } from '@radsweep/core';
import type { ComparedModel, ModelComparison, ModelRecord, RunComparison } from '@radsweep/api-contract';
import { isUuid } from '../datasets/datasets.service';
import { ExperimentEntity } from '../experiments/experiment.entity';
import { NotFoundError } from '../http/not-found.error';
import { RunEntity } from '../runs/run.entity';
import { ModelResultEntity } from './model-result.entity';
import { pairedDelong, sameTestPatients } from './paired-delong';
import { PredictionSetEntity } from './prediction-set.entity';

export type { ComparedModel, ModelComparison, RunComparison };

/** What to compare: model results (the first is the reference), or runs (each model of the first run against the same feature set and model of the others). */
export type CompareRequest = { models: string[] } | { runs: string[] };

/**
 * THE comparison of models (the API's `/compare` and the dashboard's): one
 * method, one way of computing deltas and DeLong's test. Compared runs are
 * rows of models matched by feature set and model, each row compared as
 * models are.
 */
@Injectable()
export class ComparisonService {
  constructor(private readonly db: DataSource) {}

  compare(q: { models: string[] }): Promise<ModelComparison>;
  compare(q: { runs: string[] }): Promise<RunComparison>;
  compare(q: CompareRequest): Promise<ModelComparison | RunComparison>;
  async compare(q: CompareRequest): Promise<ModelComparison | RunComparison> {
    if ('runs' in q) return this.compareRuns(q.runs);
    const ids = q.models;
    if (ids.length < 2) throw new RadSweepInputError('give at least two model result ids to compare', 'models');
    const found = await this.load(ids.filter(isUuid));
    const models = ids.map((id) => {
      const row = isUuid(id) ? found.models.get(id.toLowerCase()) : undefined;
      if (!row) throw new NotFoundError('model result', id);
      return row;
    });
    return { models: this.sideBySide(models, found), experiments: [...found.experiments.values()].map((e) => ({ id: e.id, name: e.name, version: e.version, spec: e.spec })) };
  }

  private async compareRuns(runIds: string[]): Promise<RunComparison> {
    if (runIds.length < 2) throw new RadSweepInputError('give at least two run ids to compare', 'runs');
    const runs = await this.db.manager.findBy(RunEntity, { id: In(runIds.filter(isUuid)) });
    for (const id of runIds) if (!isUuid(id) || !runs.some((r) => r.id === id.toLowerCase())) throw new NotFoundError('run', id);
    const all: { id: string; run_id: string; feature_set: string; model: string; position: number }[] = await this.db.query(
      `SELECT "id", "run_id", "feature_set", "model", "position" FROM "model_results" WHERE "run_id" = ANY($1::uuid[])`,
      [runIds],
    );
    const base = all.filter((m) => m.run_id === runIds[0]).sort((a, b) => a.feature_set.localeCompare(b.feature_set) || a.position - b.position);
    const matchOf = (b: (typeof all)[number], runId: string) => all.find((x) => x.run_id === runId && x.feature_set === b.feature_set && x.model === b.model);
    const found = await this.load(base.flatMap((b) => runIds.flatMap((runId) => matchOf(b, runId)?.id ?? [])));
    return {
      runs: runIds,
      rows: base.map((b) => {
        const present = runIds.flatMap((runId) => matchOf(b, runId) ?? []);
        const compared = new Map(this.sideBySide(present.map((m) => found.models.get(m.id)!), found).map((c) => [c.runId, c]));
        return {
          featureSet: b.feature_set,
          model: b.model,
          runs: runIds.map((runId) => {
            const c = compared.get(runId);
            if (!c) return { runId, present: false as const };
            const { cvAuc, testAuc, deltaCvAuc, deltaTestAuc, sameTestPatients, delong } = c;
            return { runId, present: true as const, modelResultId: c.id, cvAuc, testAuc, deltaCvAuc, deltaTestAuc, sameTestPatients, delong };
          }),
        };
      }),
    };
  }

  /** The model results, their test predictions, runs and experiments: four queries, whatever the number of models. */
  private async load(ids: string[]) {
    const rows = ids.length ? await this.db.manager.findBy(ModelResultEntity, { id: In(ids) }) : [];
    const preds = rows.length ? await this.db.manager.findBy(PredictionSetEntity, { modelResultId: In(rows.map((m) => m.id)), kind: 'test' }) : [];
    const runs = rows.length ? await this.db.manager.findBy(RunEntity, { id: In([...new Set(rows.map((m) => m.runId))]) }) : [];
    const experiments = runs.length ? await this.db.manager.findBy(ExperimentEntity, { id: In([...new Set(runs.map((r) => r.experimentId))]) }) : [];
    return {
      models: new Map(rows.map((m) => [m.id.toLowerCase(), m])),
      predOf: new Map(preds.map((p) => [p.modelResultId, p])),
      runOf: new Map(runs.map((r) => [r.id, r])),
      experiments: new Map(experiments.map((e) => [e.id, e])),
    };
  }

  /** Each model against the first of `models`. */
  private sideBySide(models: ModelResultEntity[], found: Awaited<ReturnType<ComparisonService['load']>>): ComparedModel[] {
    const first = models[0];
    const delta = (a: number | null, b: number | null) => (a !== null && b !== null ? a - b : null);
    return models.map((m, i) => {
      const run = found.runOf.get(m.runId)!;
      const exp = found.experiments.get(run.experimentId);
      const rec = m.record as ModelRecord; // the engine's ModelResult as stored
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
        testAuc: m.testAuc,
        roc: rec.roc ?? null,
        calibration: rec.calibration ?? null,
        deltaTestAuc: delta(m.testAuc, first.testAuc),
        deltaCvAuc: delta(m.cvAucMean, first.cvAucMean),
        deltaBrier: delta(m.brier, first.brier),
        sameTestPatients: sameTestPatients(found.predOf.get(first.id), found.predOf.get(m.id)),
        delong: i === 0 ? null : pairedDelong(found.predOf.get(first.id), found.predOf.get(m.id)),
      };
    });
  }
}
