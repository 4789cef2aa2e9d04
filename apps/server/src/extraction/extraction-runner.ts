import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { DataSource } from 'typeorm';
import { RadSweepInputError } from '@radsweep/core';
import { featureCsv, parseParams, runExtractionBatch, type CaseResult, type ManifestCase } from '@radsweep/radiomics';
import { DatasetsService } from '../datasets/datasets.service';
import { LimitExceededError } from '../http/limit.error';
import { ExtractionCaseEntity, ExtractionEntity } from './extraction.entities';
import { imageRootsFromEnv, resolveInsideRoots } from './image-roots';
import { fetchStoredInput } from './stored-input';
import { startAttempt } from '../queue/attempt-start';

/** Thrown inside the dataset's transaction when another delivery already made the dataset: nothing is stored twice. */
class AlreadyFinished extends Error {}

/**
 * Runs one case of an extraction (a queue task) on any worker, with the CLI's extractCase on a worker
 * thread; the case ends done (features and its files' sha256 stored) or failed (its error naming the case
 * and the file), never touching the other cases. The task that finishes the last case makes the dataset:
 * the features of every case that succeeded (the CLI's CSV), its provenance, and the extraction's status,
 * in one transaction; if that fails the task is retried and does it again.
 */
export class ExtractionRunner {
  readonly workerName = `${hostname()}:${process.pid}`;

  constructor(
    private readonly db: DataSource,
    private readonly datasets: DatasetsService,
    private readonly threads: number,
    private readonly roots: string[] = imageRootsFromEnv(),
    private readonly heartbeatSeconds = 10,
  ) {}

  async run(caseRowId: string, lastAttempt: boolean): Promise<void> {
    const row = await this.db.manager.findOneBy(ExtractionCaseEntity, { id: caseRowId });
    if (!row) return;
    if (row.status === 'done' || row.status === 'failed') return this.finish(row.extractionId, lastAttempt); // a retried finisher
    const extraction = await this.db.manager.findOneByOrFail(ExtractionEntity, { id: row.extractionId });
    const columns = { status: 'running', attempts: row.attempts + 1, worker: this.workerName, startedAt: new Date(), heartbeatAt: () => 'now()' };
    if (!(await startAttempt(this.db, ExtractionCaseEntity, row.id, row.attempts, columns))) {
      // finished by a duplicate delivery since it was read (its finisher may be this one), or another attempt's now
      const now = await this.db.manager.findOneBy(ExtractionCaseEntity, { id: row.id });
      if (now && (now.status === 'done' || now.status === 'failed')) return this.finish(row.extractionId, lastAttempt);
      return;
    }
    await this.db.manager.update(ExtractionEntity, { id: extraction.id, status: 'queued' }, { status: 'running' });
    // While the case runs its row gets a heartbeat; the API's sweep (ExtractionsService) queues a silent case again.
    const beat = setInterval(() => void this.db.query(`UPDATE "extraction_cases" SET "heartbeat_at" = now() WHERE "id" = $1 AND "status" = 'running'`, [row.id]).catch(() => undefined), this.heartbeatSeconds * 1000);
    let result: CaseResult;
    try {
      result = await this.extract(extraction, row);
    } catch (e) {
      if (!lastAttempt) throw e; // e.g. the store unreachable: the queue retries the case
      result = { id: row.caseId, ok: false, error: `case ${row.caseId}: ${(e as Error).message}` };
    } finally {
      clearInterval(beat);
    }
    if (await this.store(row, result)) await this.finish(row.extractionId, lastAttempt);
  }

  /** The case's features (or its error): a folder's files read in place, an upload's fetched from the store (a DICOM folder file by file) and checked by sha256. */
  private async extract(extraction: ExtractionEntity, row: ExtractionCaseEntity): Promise<CaseResult> {
    const fail = (message: string): CaseResult => ({ id: row.caseId, ok: false, error: `case ${row.caseId}: ${message}` });
    const params = parseParams(extraction.paramsText, 'params');
    const dir = mkdtempSync(join(tmpdir(), 'radsweep-case-'));
    try {
      const paths: Record<'image' | 'mask', string> = { image: '', mask: '' };
      const names = new Map<string, string>();
      for (const part of ['image', 'mask'] as const) {
        const name = row[part];
        if (extraction.source === 'folder') {
          try {
            paths[part] = resolveInsideRoots(row[`${part}Path`]!, this.roots, part).real;
          } catch (e) {
            return fail(`${row[`${part}Path`]}: ${(e as Error).message}`);
          }
          continue;
        }
        const where = `${extraction.location}: ${name}`;
        const sha = row[`${part}Sha256`];
        if (!sha) return fail(`${where}: not in the archive`);
        const local = join(dir, `${part}-${basename(name)}`);
        const problem = await fetchStoredInput(this.db, sha, local);
        if (problem) return fail(`${where}: ${problem}`);
        paths[part] = local;
        names.set(local, where);
      }
      const manifestCase: ManifestCase = { id: row.caseId, image: paths.image, mask: paths.mask, label: row.label, extra: row.extra };
      const caseParams = { settings: params.settings, classes: params.classes, imageTypes: params.imageTypes, rois: params.rois };
      const [result] = await runExtractionBatch([manifestCase], caseParams, { workers: this.threads > 0 ? 1 : 0 });
      if (result.ok) return result;
      let error = result.error;
      for (const [local, where] of names) error = error.split(local).join(where); // the archive's names, not this worker's files
      return { ...result, error };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Stores the case's end and counts it; true when it was the extraction's last case. */
  private async store(row: ExtractionCaseEntity, result: CaseResult): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const extraction = await m.findOneOrFail(ExtractionEntity, { where: { id: row.extractionId }, lock: { mode: 'pessimistic_write' } });
      const current = await m.findOneOrFail(ExtractionCaseEntity, { where: { id: row.id }, lock: { mode: 'pessimistic_write' } });
      if (current.status === 'done' || current.status === 'failed') return false; // a duplicate delivery finished first
      const end = { finishedAt: new Date() };
      if (result.ok) {
        const names = Object.keys(result.features);
        const features = { names, values: names.map((k) => (Number.isFinite(result.features[k]) ? result.features[k] : null)) };
        await m.update(ExtractionCaseEntity, { id: row.id }, { ...end, status: 'done', error: null, features, imageSha256: result.sha256.image, maskSha256: result.sha256.mask });
      } else {
        await m.update(ExtractionCaseEntity, { id: row.id }, { ...end, status: 'failed', error: result.error });
      }
      const casesDone = extraction.casesDone + (result.ok ? 1 : 0);
      const casesFailed = extraction.casesFailed + (result.ok ? 0 : 1);
      await m.update(ExtractionEntity, { id: extraction.id }, { casesDone, casesFailed });
      return casesDone + casesFailed === extraction.casesTotal;
    });
  }

  /**
   * Every case has finished: the features of those that succeeded become a dataset (the CLI's CSV, in
   * manifest order) recording the parameter file, the software and each input file's sha256; the dataset
   * row and the extraction's status are written in one transaction. No case succeeded: the extraction fails.
   */
  private async finish(extractionId: string, lastAttempt: boolean): Promise<void> {
    const extraction = await this.db.manager.findOneByOrFail(ExtractionEntity, { id: extractionId });
    if (extraction.datasetId !== null || extraction.status === 'succeeded' || extraction.status === 'failed') return;
    if (extraction.casesDone + extraction.casesFailed < extraction.casesTotal) return;
    const cases = await this.db.manager.find(ExtractionCaseEntity, { where: { extractionId }, order: { position: 'ASC' } });
    if (extraction.casesDone === 0) {
      await this.db.manager.update(ExtractionEntity, { id: extractionId }, { status: 'failed', error: `every case failed (${cases.length}); no dataset was made`, finishedAt: new Date() });
      return;
    }
    const results: CaseResult[] = cases.map((c) =>
      c.status === 'done'
        ? { id: c.caseId, ok: true, features: Object.fromEntries((c.features?.names ?? []).map((k, i) => [k, c.features!.values[i] ?? Number.NaN])), sha256: { image: c.imageSha256!, mask: c.maskSha256! } }
        : { id: c.caseId, ok: false, error: c.error ?? 'failed' },
    );
    const table = featureCsv(cases.map((c) => ({ id: c.caseId, extra: c.extra })), extraction.extraColumns, results);
    const provenance = {
      extractionId,
      software: extraction.software,
      source: extraction.source,
      location: extraction.location,
      archiveSha256: extraction.archiveSha256,
      params: { text: extraction.paramsText, sha256: extraction.paramsSha256 },
      cases: cases.map((c) =>
        c.status === 'done'
          ? { id: c.caseId, image: c.image, mask: c.mask, sha256: { image: c.imageSha256, mask: c.maskSha256 } }
          : { id: c.caseId, image: c.image, mask: c.mask, error: c.error },
      ),
    };
    const dir = mkdtempSync(join(tmpdir(), 'radsweep-extraction-'));
    try {
      const csvPath = join(dir, 'features.csv');
      writeFileSync(csvPath, table.csv, { mode: 0o600 });
      await this.datasets.ingest(
        { path: csvPath, fileName: `${extraction.name}.csv`, sha256: createHash('sha256').update(table.csv).digest('hex') },
        {
          name: extraction.name,
          labelColumn: extraction.labelColumn ?? undefined,
          projectId: extraction.projectId,
          provenance,
          onStored: async (m, dataset) => {
            const locked = await m.findOneOrFail(ExtractionEntity, { where: { id: extractionId }, lock: { mode: 'pessimistic_write' } });
            if (locked.datasetId !== null) throw new AlreadyFinished();
            const failed = extraction.casesFailed;
            await m.update(
              ExtractionEntity,
              { id: extractionId },
              { datasetId: dataset.id, status: 'succeeded', finishedAt: new Date(), error: failed > 0 ? `${failed} of ${cases.length} cases failed; the dataset holds the other ${cases.length - failed}` : null },
            );
          },
        },
      );
    } catch (e) {
      if (e instanceof AlreadyFinished) return;
      if (e instanceof RadSweepInputError || e instanceof LimitExceededError || lastAttempt) {
        // the same on any retry (a table over the server's column limit, ...), or no retry left: the extraction ends failed, no dataset
        await this.db.manager.update(ExtractionEntity, { id: extractionId }, { status: 'failed', error: `the features could not be stored as a dataset: ${(e as Error).message}`, finishedAt: new Date() });
        return;
      }
      throw e; // e.g. the store unreachable: the queue retries the task, which makes the dataset again
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
