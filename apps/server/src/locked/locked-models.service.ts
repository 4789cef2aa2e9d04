import { createHash } from 'node:crypto';
import { Injectable, Optional } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { readLockedModel } from '@radsweep/pipeline';
import type { LockedModelSummary } from '@radsweep/api-contract';
import { AuditService } from '../audit/audit.service';
import { readableSql } from '../auth/project-access';
import type { Principal } from '../auth/principal';
import { DatasetsService, isUuid } from '../datasets/datasets.service';
import { ExperimentsService } from '../experiments/experiments.service';
import { ConflictError, NotFoundError } from '../http/not-found.error';
import { OffloadPool } from '../offload/offload-pool';
import { ModelResultEntity } from '../results/model-result.entity';
import { PredictionSetEntity } from '../results/prediction-set.entity';
import { RunEntity } from '../runs/run.entity';
import { LockRefitInput, LockRefitOutput, lockRefit } from './lock-refit';
import { LockedModelEntity } from './locked-model.entity';
import { firstBitDifference } from './same-bits';

/** Every column but the file's text: what lists and metadata answer. */
const SUMMARY_COLUMNS = ['id', 'projectId', 'runId', 'modelResultId', 'name', 'featureSet', 'model', 'endpointType', 'sha256', 'fileSha256', 'formatVersion', 'verification', 'createdBy', 'createdAt'] as const;

/**
 * Locks models of finished runs and serves the locked files. The server keeps no fitted model, so a lock
 * refits the model's chosen configuration exactly as its run did (lockRefit, in a request-work thread: a
 * few seconds of CPU off the API thread, and the caller gets the locked model or the reason in the same
 * request) and stores the sealed file only if both the refit's and the file's own predictions of the run's
 * test patients equal the stored predictions bit for bit. A stored locked model is never changed: there
 * is no update path here, and the store's trigger refuses UPDATE and DELETE of its row.
 */
@Injectable()
export class LockedModelsService {
  constructor(
    private readonly db: DataSource,
    private readonly datasets: DatasetsService,
    private readonly experiments: ExperimentsService,
    private readonly audit: AuditService,
    @Optional() private readonly pool?: OffloadPool,
  ) {}

  async lock(runId: string, modelResultId: string, me: Principal | null, name?: string): Promise<LockedModelSummary> {
    const run = await this.db.manager.findOneBy(RunEntity, { id: runId });
    if (!run) throw new NotFoundError('run', runId);
    const result = isUuid(modelResultId) ? await this.db.manager.findOneBy(ModelResultEntity, { id: modelResultId, runId }) : null;
    if (!result) throw new NotFoundError(`model result of run ${runId}`, modelResultId);
    if (run.status !== 'succeeded') throw new ConflictError(`run ${runId} is ${run.status}: only a model of a finished (succeeded) run can be locked`);
    const bestConfigIndex = (result.record as { bestConfigIndex?: unknown }).bestConfigIndex;
    if (result.error || typeof bestConfigIndex !== 'number' || bestConfigIndex < 0) {
      throw new ConflictError(`model '${result.model}' (${result.featureSet}) has no refit to lock: ${result.error ?? 'no chosen configuration'}`);
    }
    const stored = await this.db.manager.findOneBy(PredictionSetEntity, { modelResultId, kind: 'test' });
    if (!stored) throw new ConflictError(`model '${result.model}' (${result.featureSet}) has no stored test predictions to check a lock against`);
    const experiment = await this.experiments.get(run.experimentId);
    const dataset = await this.datasets.get(run.datasetId);
    const input: LockRefitInput = {
      spec: this.experiments.specOf(experiment),
      dataset: { arrowPath: await this.datasets.localFile(dataset.id), fileName: dataset.fileName, sourceSha256: dataset.sourceSha256 },
      testIds: run.testIds,
      foldAssignment: run.foldAssignment,
      split: { testIds: run.split.testIds },
      foldOfTrainId: run.cv.foldOfTrainId,
      // as the run's tasks name the experiment (TaskRunner): the locked file's source says the same
      experiment: { name: experiment.name, ...(experiment.description ? { description: experiment.description } : {}), file: `radsweep experiment ${experiment.id} (${experiment.name} v${experiment.version})` },
      featureSet: result.featureSet,
      model: result.model,
      bestConfigIndex,
      lockedAt: new Date().toISOString(),
    };
    const out = this.pool ? await this.pool.run('lockRefit', input) : await lockRefit(input);
    const verification = verify(out, stored, result);
    const locked = readLockedModel(out.text, 'locked model');
    const row = await this.db.transaction(async (m) => {
      const saved = await m.save(LockedModelEntity, {
        projectId: run.projectId,
        runId,
        modelResultId,
        name: name?.trim() || `${result.model} (${result.featureSet}), run ${runId.slice(0, 8)}`,
        featureSet: result.featureSet,
        model: result.model,
        endpointType: locked.endpoint.type,
        sha256: locked.sha256,
        fileSha256: createHash('sha256').update(out.text).digest('hex'),
        formatVersion: locked.formatVersion,
        verification,
        createdBy: me?.id ?? null,
        text: out.text,
      });
      if (me) await this.audit.record(me, { action: 'locked', entity: 'locked_model', entityId: saved.id, projectId: run.projectId, details: { runId, modelResultId, sha256: locked.sha256 } }, m);
      return saved;
    });
    return this.summary(row.id);
  }

  /** The locked models of a project the caller may read (their runs' rule: a reviewer sees those of shared runs), newest first. */
  async list(projectId: string, me: Principal | null): Promise<LockedModelSummary[]> {
    const qb = this.db.manager
      .createQueryBuilder(LockedModelEntity, 'l')
      .select(SUMMARY_COLUMNS.map((c) => `l.${c}`))
      .innerJoin(RunEntity, 'run', 'run.id = l.run_id')
      .where('l.project_id = :projectId', { projectId })
      .orderBy('l.created_at', 'DESC');
    if (me && !me.isAdmin) qb.andWhere(readableSql('runs', 'run', ':userId'), { userId: me.id });
    return (await qb.getMany()).map(toSummary);
  }

  /** The locked versions of one model result, newest first (the model record's External validation tab). */
  async listForResult(modelResultId: string): Promise<LockedModelSummary[]> {
    const rows = await this.db.manager.find(LockedModelEntity, { where: { modelResultId }, order: { createdAt: 'DESC' }, select: Object.fromEntries(SUMMARY_COLUMNS.map((c) => [c, true])) });
    return rows.map(toSummary);
  }

  async summary(id: string): Promise<LockedModelSummary> {
    return toSummary(await this.row(id, false));
  }

  /** The sealed file, byte for byte as stored at lock time. */
  async file(id: string): Promise<{ text: string; sha256: string; fileSha256: string; fileName: string }> {
    const row = await this.row(id, true);
    return { text: row.text, sha256: row.sha256, fileSha256: row.fileSha256, fileName: `${row.model}-${row.featureSet}-${row.id.slice(0, 8)}.locked.json`.replace(/[^A-Za-z0-9._-]/g, '_') };
  }

  async row(id: string, withText: boolean): Promise<LockedModelEntity> {
    const row = isUuid(id) ? await this.db.manager.findOne(LockedModelEntity, { where: { id }, select: Object.fromEntries([...SUMMARY_COLUMNS, ...(withText ? ['text'] : [])].map((c) => [c, true])) }) : null;
    if (!row) throw new NotFoundError('locked model', id);
    return row;
  }
}

function toSummary(row: LockedModelEntity): LockedModelSummary {
  return {
    id: row.id,
    projectId: row.projectId,
    runId: row.runId,
    modelResultId: row.modelResultId,
    name: row.name,
    featureSet: row.featureSet,
    model: row.model,
    endpointType: row.endpointType as LockedModelSummary['endpointType'],
    sha256: row.sha256,
    fileSha256: row.fileSha256,
    formatVersion: row.formatVersion,
    verification: row.verification as unknown as LockedModelSummary['verification'],
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * The lock's proof: the refit predicts the run's test patients (same ids, same order) with the stored
 * probabilities' exact bits, and so does the sealed file read back. Otherwise nothing is stored (409).
 */
function verify(out: LockRefitOutput, stored: PredictionSetEntity, result: ModelResultEntity): LockedModelSummary['verification'] {
  const what = `model '${result.model}' (${result.featureSet})`;
  if (out.ids.length !== stored.ids.length || out.ids.some((id, i) => id !== stored.ids[i])) {
    throw new ConflictError(`the refit of ${what} scored other test patients than the run stored; nothing was locked`);
  }
  for (const [name, got] of [['refit', out.refit], ['locked file', out.locked]] as const) {
    const i = firstBitDifference(got, stored.probabilities);
    if (i >= 0) {
      throw new ConflictError(
        `the ${name} of ${what} does not reproduce the run: test patient '${stored.ids[i]}' is predicted ${got[i]} but the run stored ${stored.probabilities[i]} (software changed since the run?); nothing was locked`,
      );
    }
  }
  if (result.cvAucMean !== null && firstBitDifference([out.cvMean], [result.cvAucMean]) >= 0) {
    throw new ConflictError(`the refit's mean CV AUC ${out.cvMean} of ${what} differs from the run's ${result.cvAucMean}; nothing was locked`);
  }
  return { testPatients: stored.ids.length, refitEqualsRun: true, lockedFileEqualsRun: true, comparedBits: 'float64, every test prediction' };
}
