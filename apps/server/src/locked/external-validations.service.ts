import { Injectable, OnApplicationBootstrap, Optional, UnprocessableEntityException } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RadSweepInputError } from '@radsweep/core';
import type { ExternalValidationDetail, ExternalValidationSummary } from '@radsweep/api-contract';
import type { Principal } from '../auth/principal';
import { DatasetsService, isUuid } from '../datasets/datasets.service';
import { keys, KeysetOrder, ListPage, PageQuery, pageOf } from '../database/keyset-page';
import { NotFoundError } from '../http/not-found.error';
import { OffloadPool } from '../offload/offload-pool';
import { TaskQueue } from '../queue/task-queue';
import { CohortValidationInput, cohortValidationJob } from './cohort-validation-job';
import type { ValidationBody } from './locked-models.dto';
import { ExternalPredictionSetEntity, ExternalValidationEntity } from './external-validation.entities';
import { LockedModelsService } from './locked-models.service';
import { recalibrationRequest } from './recalibration-request';

/** The queue job kind of an external validation. */
export const VALIDATION_JOB = 'external-validation' as const;

/** Default bootstrap resamples of a validation's CIs (the engine's default). */
const DEFAULT_BOOTSTRAP = 1000;

/** Default seed of a validation's bootstrap (the engine's and `radsweep validate`'s default). */
export const DEFAULT_VALIDATION_SEED = 42;

/**
 * Launches external validations of locked models on uploaded datasets and reports them. A request is
 * checked at the edge by the engine itself (the same validation without bootstrap, in a request-work
 * thread): a cohort missing a selected feature, a label with other classes, a centre column with one
 * centre, recalibration rows that match nothing are refused with 422 naming the problem, and nothing is
 * stored. Then the validation is stored and queued (ValidationRunner computes it on any worker).
 */
@Injectable()
export class ExternalValidationsService implements OnApplicationBootstrap {
  constructor(
    private readonly db: DataSource,
    private readonly queue: TaskQueue,
    private readonly datasets: DatasetsService,
    private readonly lockedModels: LockedModelsService,
    @Optional() private readonly pool?: OffloadPool,
  ) {}

  /** Validations stored but not queued (a crash in between) are queued on start. */
  async onApplicationBootstrap(): Promise<void> {
    await this.enqueueUnsent();
  }

  async launch(lockedModelId: string, body: ValidationBody, me: Principal | null): Promise<ExternalValidationSummary> {
    const locked = await this.lockedModels.row(lockedModelId, true);
    const dataset = await this.datasets.get(body.datasetId);
    const recalibration = recalibrationRequest(body.recalibration);
    const centreColumn = body.centreColumn?.trim() || undefined;
    const seed = body.seed ?? DEFAULT_VALIDATION_SEED;
    const check: CohortValidationInput = {
      lockedText: locked.text,
      cohort: { arrowPath: await this.datasets.localFile(dataset.id), fileName: dataset.fileName, sourceSha256: dataset.sourceSha256 },
      ...(centreColumn ? { centreColumn } : {}),
      ...(recalibration ? { recalibration } : {}),
      bootstrap: 0,
      seed,
    };
    try {
      if (this.pool) await this.pool.run('cohortValidationJob', check);
      else cohortValidationJob(check);
    } catch (e) {
      if (e instanceof RadSweepInputError) throw new UnprocessableEntityException(`dataset ${dataset.id} cannot validate this locked model: ${e.message}`);
      throw e;
    }
    const row = await this.db.manager.save(ExternalValidationEntity, {
      projectId: locked.projectId,
      lockedModelId: locked.id,
      datasetId: dataset.id,
      centreColumn: centreColumn ?? null,
      recalibration: (recalibration ?? null) as Record<string, unknown> | null,
      bootstrap: body.bootstrap ?? DEFAULT_BOOTSTRAP,
      seed,
      status: 'queued' as const,
      jobId: null,
      worker: null,
      error: null,
      report: null,
      createdBy: me?.id ?? null,
      startedAt: null,
      finishedAt: null,
      heartbeatAt: null,
    });
    const stored = await this.summary(row.id); // what was stored: a woken worker may take the task as soon as it is sent
    await this.enqueueUnsent(row.id);
    return stored;
  }

  /** Sends every queued validation without a job (one, or all). */
  async enqueueUnsent(id?: string): Promise<number> {
    const rows = await this.db.manager.find(ExternalValidationEntity, { where: { status: 'queued', ...(id ? { id } : {}) }, select: { id: true, jobId: true } });
    let sent = 0;
    for (const r of rows.filter((r) => r.jobId === null)) {
      const jobId = await this.queue.enqueue(r.id, VALIDATION_JOB);
      await this.db.manager.update(ExternalValidationEntity, { id: r.id }, { jobId });
      sent++;
    }
    return sent;
  }

  /** A locked model's validations, newest first, paged in the database. */
  async list(lockedModelId: string, q: PageQuery): Promise<ListPage<ExternalValidationSummary>> {
    const qb = this.db.manager
      .createQueryBuilder(ExternalValidationEntity, 'v')
      .select(Object.keys(SUMMARY_SELECT).map((c) => `v.${c}`))
      .where('v.locked_model_id = :lockedModelId', { lockedModelId });
    const page = await pageOf(qb, VALIDATION_ORDER, q);
    return { items: page.items.map(toSummary), nextCursor: page.nextCursor };
  }

  async summary(id: string): Promise<ExternalValidationSummary> {
    const row = isUuid(id) ? await this.db.manager.findOne(ExternalValidationEntity, { where: { id }, select: SUMMARY_SELECT }) : null;
    if (!row) throw new NotFoundError('validation', id);
    return toSummary(row);
  }

  /** A validation with its report and its stored predictions. */
  async detail(id: string): Promise<ExternalValidationDetail> {
    const row = isUuid(id) ? await this.db.manager.findOneBy(ExternalValidationEntity, { id }) : null;
    if (!row) throw new NotFoundError('validation', id);
    const sets = await this.db.manager.find(ExternalPredictionSetEntity, { where: { validationId: id }, order: { kind: 'ASC' } });
    return {
      ...toSummary(row),
      report: row.report as unknown as ExternalValidationDetail['report'],
      predictions: sets.map(({ validationId: _v, validation: _r, ...p }) => p) as ExternalValidationDetail['predictions'],
    };
  }
}

/** Newest first; the id orders validations created at the same instant. */
const VALIDATION_ORDER = new KeysetOrder([keys.createdAt('v'), keys.id('v')]);

const SUMMARY_SELECT = {
  id: true,
  projectId: true,
  lockedModelId: true,
  datasetId: true,
  centreColumn: true,
  recalibration: true,
  bootstrap: true,
  seed: true,
  status: true,
  attempts: true,
  error: true,
  createdBy: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
} as const;

function toSummary(row: ExternalValidationEntity): ExternalValidationSummary {
  return {
    id: row.id,
    projectId: row.projectId,
    lockedModelId: row.lockedModelId,
    datasetId: row.datasetId,
    centreColumn: row.centreColumn,
    recalibration: row.recalibration as unknown as ExternalValidationSummary['recalibration'],
    bootstrap: row.bootstrap,
    seed: row.seed,
    status: row.status,
    attempts: row.attempts,
    error: row.error,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}
