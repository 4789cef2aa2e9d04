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
import { keys, KeysetOrder, ListPage, PageQuery, pageOf } from '../database/keyset-page';
import { ConflictError, NotFoundError } from '../http/not-found.error';
import { OffloadPool } from '../offload/offload-pool';
import { RunEntity } from '../runs/run.entity';
import { LockRefitInput, lockRefit } from './lock-refit';
import { lockTarget, storedTestPredictions } from './lock-target';
import { verifyLock } from './lock-verification';
import { LockedModelEntity } from './locked-model.entity';

/** Every column but the file's text: what lists and metadata answer. */
/** Newest first; the id orders models locked at the same instant. */
const LOCKED_ORDER = new KeysetOrder([keys.createdAt('l'), keys.id('l')]);
const SUMMARY_COLUMNS = ['id', 'projectId', 'runId', 'modelResultId', 'survivalModelResultId', 'name', 'featureSet', 'model', 'endpointType', 'sha256', 'fileSha256', 'formatVersion', 'verification', 'createdBy', 'createdAt'] as const;

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

  /**
   * Locks a model result of a finished run: a binary one (model_results) or a survival one
   * (survival_model_results, of one endpoint x feature set); the id says which.
   */
  async lock(runId: string, modelResultId: string, me: Principal | null, name?: string): Promise<LockedModelSummary> {
    const run = await this.db.manager.findOneBy(RunEntity, { id: runId });
    if (!run) throw new NotFoundError('run', runId);
    const target = await lockTarget(this.db.manager, run, modelResultId);
    if (run.status !== 'succeeded') throw new ConflictError(`run ${runId} is ${run.status}: only a model of a finished (succeeded) run can be locked`);
    const what = `model '${target.model}' (${target.endpoint ? `${target.endpoint}/` : ''}${target.featureSet})`;
    const bestConfigIndex = (target.record as { bestConfigIndex?: unknown }).bestConfigIndex;
    if (target.error || typeof bestConfigIndex !== 'number' || bestConfigIndex < 0) {
      throw new ConflictError(`${what} has no refit to lock: ${target.error ?? 'no chosen configuration'}`);
    }
    const stored = await storedTestPredictions(this.db.manager, target);
    if (!stored) throw new ConflictError(`${what} has no stored test predictions to check a lock against`);
    const experiment = await this.experiments.get(run.experimentId);
    const dataset = await this.datasets.get(run.datasetId);
    const input: LockRefitInput = {
      spec: this.experiments.specOf(experiment),
      dataset: { arrowPath: await this.datasets.localFile(dataset.id), fileName: dataset.fileName, sourceSha256: dataset.sourceSha256 },
      testIds: run.testIds,
      foldAssignment: run.foldAssignment,
      ...target.splitAndFolds,
      // as the run's tasks name the experiment (TaskRunner): the locked file's source says the same
      experiment: { name: experiment.name, ...(experiment.description ? { description: experiment.description } : {}), file: `radsweep experiment ${experiment.id} (${experiment.name} v${experiment.version})` },
      ...(target.endpoint ? { endpoint: target.endpoint } : {}),
      featureSet: target.featureSet,
      model: target.model,
      bestConfigIndex,
      lockedAt: new Date().toISOString(),
    };
    const out = this.pool ? await this.pool.run('lockRefit', input) : await lockRefit(input);
    const verification = verifyLock(out, stored, what);
    const locked = readLockedModel(out.text, 'locked model');
    const row = await this.db.transaction(async (m) => {
      const saved = await m.save(LockedModelEntity, {
        projectId: run.projectId,
        runId,
        modelResultId: target.kind === 'binary' ? target.id : null,
        survivalModelResultId: target.kind === 'survival' ? target.id : null,
        name: name?.trim() || `${target.model} (${target.endpoint ? `${target.endpoint}/` : ''}${target.featureSet}), run ${runId.slice(0, 8)}`,
        featureSet: target.featureSet,
        model: target.model,
        endpointType: locked.endpoint.type,
        sha256: locked.sha256,
        fileSha256: createHash('sha256').update(out.text).digest('hex'),
        formatVersion: locked.formatVersion,
        verification,
        createdBy: me?.id ?? null,
        text: out.text,
      });
      const details = { runId, modelResultId, ...(target.endpoint ? { endpoint: target.endpoint } : {}), sha256: locked.sha256 };
      if (me) await this.audit.record(me, { action: 'locked', entity: 'locked_model', entityId: saved.id, projectId: run.projectId, details }, m);
      return saved;
    });
    return this.summary(row.id);
  }

  /** The locked models of a project the caller may read (their runs' rule: a reviewer sees those of shared runs), newest first. */
  async list(projectId: string, me: Principal | null, q: PageQuery): Promise<ListPage<LockedModelSummary>> {
    const qb = this.db.manager
      .createQueryBuilder(LockedModelEntity, 'l')
      .select(SUMMARY_COLUMNS.map((c) => `l.${c}`))
      .innerJoin(RunEntity, 'run', 'run.id = l.run_id')
      .where('l.project_id = :projectId', { projectId });
    if (me && !me.isAdmin) qb.andWhere(readableSql('runs', 'run', ':userId'), { userId: me.id });
    const page = await pageOf(qb, LOCKED_ORDER, q);
    return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
  }

  /** The locked versions of one binary or survival model result, newest first, paged in the database (the model record's External validation part). */
  async listForResult(kind: 'binary' | 'survival', id: string, q: PageQuery): Promise<ListPage<LockedModelSummary>> {
    const qb = this.db.manager
      .createQueryBuilder(LockedModelEntity, 'l')
      .select(SUMMARY_COLUMNS.map((c) => `l.${c}`))
      .where(kind === 'binary' ? 'l.model_result_id = :id' : 'l.survival_model_result_id = :id', { id });
    const page = await pageOf(qb, LOCKED_ORDER, q);
    return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
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
    modelResultId: (row.modelResultId ?? row.survivalModelResultId)!,
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
