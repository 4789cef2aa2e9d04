import { hostname } from 'node:os';
import { DataSource, In } from 'typeorm';
import { RadSweepInputError } from '@radsweep/core';
import type { ValidationReport } from '@radsweep/pipeline';
import { DatasetsService } from '../datasets/datasets.service';
import { OffloadPool } from '../offload/offload-pool';
import { attemptStart, startAttempt } from '../queue/attempt-start';
import { RunEntity } from '../runs/run.entity';
import { CohortValidationInput, StoredDatasetFile } from './cohort-validation-job';
import type { RecalibrationRequest } from './recalibration-request';
import { ExternalPredictionSetEntity, ExternalValidationEntity } from './external-validation.entities';
import { LockedModelEntity } from './locked-model.entity';
import { splitValidationReport } from './validation-predictions';

/**
 * Runs one external validation (a queue task) on any worker: the engine's validateCohort of the locked
 * file on the stored cohort, with the run's own dataset as the development cohort of the transportability
 * report, in a worker thread of its own (a `serve` process also works tasks: its API keeps answering).
 * The report and the external predictions are stored with the status in one transaction; an input error
 * fails the validation at once (it would fail anywhere), anything else is retried by the queue.
 *
 * While it runs, its row gets a heartbeat every `heartbeatSeconds` (the database's now(), for this attempt
 * only); the queue's lost-task sweep hands a validation silent for RADSWEEP_TASK_LOST_S to another worker,
 * which computes it again from the stored request and seed. If the silent worker was only slow, the first
 * attempt to store counts and the other stores nothing (both compute the same report).
 */
export class ValidationRunner {
  readonly workerName = `${hostname()}:${process.pid}`;
  private readonly pool = new OffloadPool(1);

  constructor(
    private readonly db: DataSource,
    private readonly datasets: DatasetsService,
    private readonly heartbeatSeconds = 10,
  ) {}

  async run(id: string, lastAttempt: boolean): Promise<void> {
    const row = await this.db.manager.findOneBy(ExternalValidationEntity, { id });
    if (!row || row.status === 'done' || row.status === 'failed') return;
    const attempt = row.attempts + 1;
    // A retry keeps why the previous attempt ended (e.g. its worker went silent) in its error until it ends.
    if (!(await startAttempt(this.db, ExternalValidationEntity, id, row.attempts, attemptStart(this.workerName, attempt, row.error)))) return;
    const beat = setInterval(() => void this.beat(id, attempt), this.heartbeatSeconds * 1000);
    let report: ValidationReport;
    try {
      report = await this.pool.run('cohortValidationJob', await this.input(row));
    } catch (e) {
      if (!(e instanceof RadSweepInputError) && !lastAttempt) throw e;
      await this.db.manager.update(ExternalValidationEntity, { id, status: In(['queued', 'running']) }, { status: 'failed', error: (e as Error).message, finishedAt: new Date() });
      return;
    } finally {
      clearInterval(beat);
    }
    const { report: stored, predictions } = splitValidationReport(report);
    await this.db.transaction(async (m) => {
      const current = await m.findOne(ExternalValidationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!current || current.status === 'done') return; // a duplicate delivery finished first
      await m.insert(ExternalPredictionSetEntity, predictions.map((p) => ({ ...p, validationId: id })));
      await m.update(ExternalValidationEntity, { id }, { status: 'done', report: stored as never, error: current.attempts > 1 ? current.error : null, finishedAt: new Date() });
    });
  }

  /** This attempt's heartbeat (nothing once the row is another attempt's or has ended); a missed one is retried on the next interval. */
  private async beat(id: string, attempt: number): Promise<void> {
    await this.db.query(`UPDATE "external_validations" SET "heartbeat_at" = now() WHERE "id" = $1 AND "attempts" = $2 AND "status" = 'running'`, [id, attempt]).catch(() => undefined);
  }

  private async input(row: ExternalValidationEntity): Promise<CohortValidationInput> {
    const locked = await this.db.manager.findOneOrFail(LockedModelEntity, { where: { id: row.lockedModelId } });
    const run = await this.db.manager.findOneByOrFail(RunEntity, { id: locked.runId });
    const recalibration = row.recalibration as RecalibrationRequest | null;
    return {
      lockedText: locked.text,
      cohort: await this.stored(row.datasetId),
      development: await this.stored(run.datasetId),
      ...(row.centreColumn ? { centreColumn: row.centreColumn } : {}),
      ...(recalibration ? { recalibration } : {}),
      bootstrap: row.bootstrap,
      seed: row.seed,
    };
  }

  private async stored(datasetId: string): Promise<StoredDatasetFile> {
    const d = await this.datasets.get(datasetId);
    return { arrowPath: await this.datasets.localFile(d.id), fileName: d.fileName, sourceSha256: d.sourceSha256 };
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
