import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy, Optional } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RadSweepInputError } from '@radsweep/core';
import { EXTRACTION_SOFTWARE, parseParams } from '@radsweep/radiomics';
import { keys, KeysetOrder, ListPage, PageQuery, pageOf } from '../database/keyset-page';
import { writeChunks } from '../datasets/dataset-chunks';
import { isUuid } from '../datasets/datasets.service';
import { NotFoundError } from '../http/not-found.error';
import { OffloadPool } from '../offload/offload-pool';
import { configFromEnv } from '../config/server-config';
import { sweepSeconds, TaskQueue } from '../queue/task-queue';
import { archiveCases, CaseSource, folderCases } from './case-sources';
import type { ExtractionBody } from './extraction.dto';
import { ExtractionCaseEntity, ExtractionEntity } from './extraction.entities';

/** Newest first; the id orders extractions created at the same instant. */
const EXTRACTION_ORDER = new KeysetOrder([keys.createdAt('x'), keys.id('x')]);

/** Injection token of the allowed image folders (real paths; imageRootsFromEnv). */
export const IMAGE_ROOTS = 'IMAGE_ROOTS';

/** An extraction with the status of each case, as GET /extractions/:id answers. */
export type ExtractionProgress = Omit<ExtractionEntity, 'project' | 'dataset'> & {
  cases: Pick<ExtractionCaseEntity, 'caseId' | 'status' | 'image' | 'mask' | 'imageSha256' | 'maskSha256' | 'attempts' | 'worker' | 'error' | 'startedAt' | 'finishedAt'>[];
};

/**
 * Launches extractions (checks the source and the parameter file, stores the extraction and its cases in
 * one transaction, then queues one task per case) and reports them. The cases run on any worker
 * (ExtractionRunner); an upload's files are stored in the database first, so a worker on another machine
 * reads them from there.
 */
@Injectable()
export class ExtractionsService implements OnApplicationBootstrap, OnModuleDestroy {
  private sweeper: NodeJS.Timeout | null = null;
  private readonly lostSeconds = configFromEnv().taskLostSeconds;

  constructor(
    private readonly db: DataSource,
    private readonly queue: TaskQueue,
    @Inject(IMAGE_ROOTS) private readonly roots: string[],
    @Optional() private readonly pool?: OffloadPool,
  ) {}

  /** Cases left unsent by a crash between storing and queueing are sent on start; then cases of dead workers are swept for. */
  async onApplicationBootstrap(): Promise<void> {
    await this.enqueueUnsent();
    this.sweeper = setInterval(() => void this.requeueLostCases(this.lostSeconds).catch(() => undefined), sweepSeconds({ taskLostSeconds: this.lostSeconds }) * 1000);
    this.sweeper.unref();
  }

  onModuleDestroy(): void {
    if (this.sweeper) clearInterval(this.sweeper);
  }

  /**
   * A running case whose worker sent no heartbeat for `lostAfterSeconds` (RADSWEEP_TASK_LOST_S; the database's
   * clock) is put back in the queue as a new job, at once, on any worker; its error says why. Claimed in one
   * statement, so of several sweeping servers one re-queues it. If the silent worker was only slow, whichever
   * attempt stores first counts (the other finds the case done), and both give the same features.
   */
  async requeueLostCases(lostAfterSeconds: number): Promise<number> {
    // (a CTE, so the driver returns the rows themselves, not [rows, count])
    const rows: { id: string }[] = await this.db.query(
      `WITH lost AS (
         UPDATE "extraction_cases" SET "status" = 'queued', "job_id" = NULL, "heartbeat_at" = NULL,
                "error" = 'worker ' || coalesce("worker", '?') || ' sent no heartbeat for ' || $1::text || ' s; queued again'
          WHERE "status" = 'running' AND "heartbeat_at" < now() - make_interval(secs => $1::float8)
          RETURNING "id")
       SELECT "id" FROM lost`,
      [lostAfterSeconds],
    );
    if (rows.length > 0) await this.enqueueUnsent();
    return rows.length;
  }

  folders(): { roots: string[] } {
    return { roots: this.roots };
  }

  async fromFolder(body: ExtractionBody, projectId: string | null): Promise<ExtractionProgress> {
    const params = parseParams(body.params, 'params');
    const source = folderCases(body.folder!, body.manifest, this.roots);
    return this.launch(source, body, params, projectId, { source: 'folder', archiveSha256: null, defaultName: basename(source.location) });
  }

  /** An uploaded archive, unpacked in a request-work thread (the API keeps answering meanwhile) into a 0700 folder removed after. */
  async fromArchive(upload: { path: string; fileName: string; sha256?: string }, body: ExtractionBody, projectId: string | null): Promise<ExtractionProgress> {
    const params = parseParams(body.params, 'params');
    const filesDir = mkdtempSync(join(tmpdir(), 'radsweep-archive-'));
    try {
      const job = { path: upload.path, fileName: upload.fileName, manifest: body.manifest, filesDir };
      const source = this.pool ? await this.pool.run('readArchive', job) : archiveCases(job);
      return await this.launch(source, body, params, projectId, {
        source: 'upload',
        archiveSha256: upload.sha256 ?? null,
        defaultName: upload.fileName.replace(/\.(zip|tar|tar\.gz|tgz)$/i, ''),
      });
    } finally {
      rmSync(filesDir, { recursive: true, force: true });
    }
  }

  private async launch(
    source: CaseSource,
    body: ExtractionBody,
    params: { text: string; sha256: string },
    projectId: string | null,
    how: { source: 'folder' | 'upload'; archiveSha256: string | null; defaultName: string },
  ): Promise<ExtractionProgress> {
    if (source.cases.length === 0) throw new RadSweepInputError('the manifest lists no case', 'manifest');
    if (body.labelColumn && !source.extraColumns.includes(body.labelColumn)) {
      throw new RadSweepInputError(`'${body.labelColumn}' is not a column of the manifest (${source.extraColumns.join(', ') || 'it has no clinical column'})`, 'labelColumn');
    }
    await this.storeFiles(source.files);
    const stored = await this.db.transaction(async (m) => {
      const row = await m.save(ExtractionEntity, {
        projectId,
        name: body.name?.trim() || how.defaultName,
        source: how.source,
        location: source.location,
        archiveSha256: how.archiveSha256,
        paramsText: params.text,
        paramsSha256: params.sha256,
        software: EXTRACTION_SOFTWARE,
        extraColumns: source.extraColumns,
        labelColumn: body.labelColumn ?? null,
        status: 'queued' as const,
        casesTotal: source.cases.length,
        datasetId: null,
        error: null,
        finishedAt: null,
      });
      await m.insert(
        ExtractionCaseEntity,
        source.cases.map((c, position) => ({ ...c, extractionId: row.id, position, status: 'queued' as const })),
      );
      // the answer is what this transaction wrote: read after enqueueing, a worker may already have taken a case
      return progressIn(m, row.id);
    });
    await this.enqueueUnsent(stored.id);
    return stored;
  }

  /** An archive's files into the store (dataset_chunks, by sha256; bytes already there are kept). */
  private async storeFiles(files: Record<string, string>): Promise<void> {
    for (const [sha, path] of Object.entries(files)) await writeChunks(this.db, sha, path);
  }

  /** Sends every queued case without a job (of one extraction, or all). */
  async enqueueUnsent(extractionId?: string): Promise<number> {
    const cases = await this.db.manager.find(ExtractionCaseEntity, {
      where: { status: 'queued', ...(extractionId ? { extractionId } : {}) },
      order: { position: 'ASC' },
      select: { id: true, jobId: true },
    });
    let sent = 0;
    for (const c of cases.filter((c) => c.jobId === null)) {
      const jobId = await this.queue.enqueue(c.id, 'extraction-case');
      await this.db.manager.update(ExtractionCaseEntity, { id: c.id }, { jobId });
      sent++;
    }
    return sent;
  }

  progress(id: string): Promise<ExtractionProgress> {
    return progressIn(this.db.manager, id);
  }

  /** A page of a project's extractions, newest first (without their parameter text); the next starts after `q.after`. */
  list(projectId: string, q: PageQuery): Promise<ListPage<ExtractionEntity>> {
    // every field of the contract's Extraction (a live contract check caught the list leaving five out)
    const columns = ['id', 'projectId', 'name', 'source', 'location', 'archiveSha256', 'paramsText', 'paramsSha256', 'software', 'extraColumns', 'labelColumn'];
    columns.push('status', 'casesTotal', 'casesDone', 'casesFailed', 'datasetId', 'error', 'createdAt', 'finishedAt');
    const qb = this.db.manager
      .createQueryBuilder(ExtractionEntity, 'x')
      .select(columns.map((c) => `x.${c}`))
      .where('x.project_id = :projectId', { projectId });
    return pageOf(qb, EXTRACTION_ORDER, q);
  }
}

/** An extraction and its cases in case order, as `m` sees them (inside a transaction: as it wrote them). */
async function progressIn(m: EntityManager, id: string): Promise<ExtractionProgress> {
  const extraction = isUuid(id) ? await m.findOneBy(ExtractionEntity, { id }) : null;
  if (!extraction) throw new NotFoundError('extraction', id);
  const cases = await m.find(ExtractionCaseEntity, {
    where: { extractionId: id },
    order: { position: 'ASC' },
    select: { caseId: true, status: true, image: true, mask: true, imageSha256: true, maskSha256: true, attempts: true, worker: true, error: true, startedAt: true, finishedAt: true },
  });
  return { ...extraction, cases };
}
