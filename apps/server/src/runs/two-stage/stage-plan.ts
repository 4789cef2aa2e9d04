import { randomUUID } from 'node:crypto';
import { DEFAULT_BATCH_MS, FitItem, MsPerUnit, ResolvedExperiment, Study, SurvivalStudy, planFitBatches, planSurvivalFitBatches, survivalUnits } from '@radsweep/pipeline';
import type { RunTaskEntity, TaskStage } from '../run-task.entity';

/** Runs are two-stage graphs unless RADSWEEP_TWO_STAGE=0 on the process that launches them (one task per feature set, or endpoint x feature set, then). */
export function twoStageEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.RADSWEEP_TWO_STAGE !== '0';
}

/** A feature set's stage tasks as a launch fixes them: its folds (plan order, the refit's included) and its batches of CV fits. */
export interface FeatureSetStages {
  folds: number[];
  batches: FitItem[][];
  models: number;
}

/** What a stage task does (run_tasks.stage_spec): its feature set, and its fold, batch of fits or model. */
export interface StageSpec {
  set: number;
  fold?: number;
  items?: FitItem[];
  modelIndex?: number;
}

/**
 * The stages of every feature set. Batches are sized from measured fit times (the engine's committed
 * table, overridden by `measured`: the running means of the fits this store recorded, fit-cost-means.ts)
 * so that one takes about `batchMs`, and cut longest first.
 */
export function stagePlan(resolved: ResolvedExperiment, study: Pick<Study, 'plans' | 'featureSets'>, measured: MsPerUnit = {}, batchMs = DEFAULT_BATCH_MS): FeatureSetStages[] {
  const batches = planFitBatches(resolved, study, batchMs, measured);
  return study.featureSets.map((_, set) => ({ folds: study.plans.map((p) => p.fold), batches: batches[set], models: resolved.models.length }));
}

/** A survival run's stages: one graph per endpoint x feature set (endpoints outer, as the one-task path numbers its tasks). */
export function survivalStagePlan(resolved: ResolvedExperiment, study: SurvivalStudy, measured: MsPerUnit = {}, batchMs = DEFAULT_BATCH_MS): FeatureSetStages[] {
  const units = survivalUnits(study);
  const batches = planSurvivalFitBatches(resolved, units, batchMs, measured);
  return units.map((u, set) => ({ folds: u.es.plans.map((p) => p.fold), batches: batches[set], models: resolved.models.length }));
}

type StageRow = Pick<RunTaskEntity, 'id' | 'runId' | 'featureSet' | 'position' | 'status' | 'stage' | 'part' | 'stageSpec' | 'dependsOn' | 'fitsTotal'>;

/**
 * The run_tasks rows of a run's graph, ids fixed here so each row can name the rows it reads:
 * prepare tasks (queued at once), each batch of fits after the folds it fits on, each model's combine
 * after every fold of its feature set and every batch holding its fits ('waiting' until then).
 * Batches come in the plan's order (longest first), so the queue starts them in that order.
 */
export function stageRows(runId: string, featureSets: string[], stages: FeatureSetStages[]): StageRow[] {
  const rows: StageRow[] = [];
  const row = (set: number, stage: TaskStage, part: number, spec: StageSpec, dependsOn: string[] | null, fitsTotal: number): StageRow => {
    const r: StageRow = { id: randomUUID(), runId, featureSet: featureSets[set], position: set, status: dependsOn ? 'waiting' : 'queued', stage, part, stageSpec: spec, dependsOn, fitsTotal };
    rows.push(r);
    return r;
  };
  stages.forEach((s, set) => {
    const prepare = new Map(s.folds.map((fold, i) => [fold, row(set, 'prepare', i, { set, fold }, null, 0).id]));
    const fits = s.batches.map((items, b) => ({ items, id: row(set, 'fit', b, { set, items }, [...new Set(items.map((i) => prepare.get(i.fold)!))], items.length).id }));
    for (let m = 0; m < s.models; m++) {
      const mine = fits.filter((f) => f.items.some((i) => i.modelIndex === m)).map((f) => f.id);
      row(set, 'combine', m, { set, modelIndex: m }, [...prepare.values(), ...mine], 1);
    }
  });
  return rows;
}

/** Runs one SQL statement with parameters and returns its rows (a DataSource's or a transaction's query). */
export type Query = (sql: string, params: unknown[]) => Promise<unknown>;

/** Queues the run's waiting tasks whose every input task is done; returns their ids (to be sent to the queue). */
export async function promoteReadyTasks(query: Query, runId: string): Promise<string[]> {
  const rows = (await query(
    `UPDATE run_tasks t SET status = 'queued', job_id = NULL
      WHERE t.run_id = $1 AND t.status = 'waiting'
        AND NOT EXISTS (SELECT 1 FROM run_tasks d WHERE d.id = ANY(t.depends_on) AND d.status <> 'done')
      RETURNING t.id`,
    [runId],
  )) as { id: string }[] | [{ id: string }[], number];
  // TypeORM returns [rows, count] for an UPDATE ... RETURNING on PostgreSQL; rows alone elsewhere.
  const list = Array.isArray(rows[0]) ? (rows[0] as { id: string }[]) : (rows as { id: string }[]);
  return list.map((r) => r.id);
}
