/**
 * Radiomics extraction on the server, on both stores: a study folder under RADSWEEP_IMAGE_ROOTS and the same
 * study uploaded as a .tar.gz give a dataset with exactly the CLI's features (brain2 and breast1, one ROI
 * family `lesion_`), the truncated case failing alone with an error naming it and its file; the dataset
 * records the parameter file, the software and each input's sha256 (checked with node:crypto); paths that
 * leave the allowed folders (`..`, a link out, an absolute path elsewhere) are refused; and who may do what.
 * The cases run on a worker of their own (a second queue on the store, as on another machine).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readTable, type Table } from '@radsweep/pipeline';
import { inputSha256 } from '@radsweep/radiomics';
import { extractCommand } from '../../apps/cli/src/extract-command';
import { DEFAULT_LIMITS } from '../../apps/server/src/config/request-limits';
import { DatasetDirs } from '../../apps/server/src/datasets/dataset-dirs';
import { DatasetsService } from '../../apps/server/src/datasets/datasets.service';
import { ExperimentsService } from '../../apps/server/src/experiments/experiments.service';
import { TaskQueue } from '../../apps/server/src/queue/task-queue';
import { startTaskWorkers } from '../../apps/server/src/worker';
import { ExtractionRunner } from '../../apps/server/src/extraction/extraction-runner';
import { ExtractionCaseEntity, ExtractionEntity } from '../../apps/server/src/extraction/extraction.entities';
import { ExtractionsService, IMAGE_ROOTS } from '../../apps/server/src/extraction/extractions.service';
import { testConfig } from './support/api';
import { AccessApp, startAccessApp } from './support/access';
import { buildWorld, World } from './support/access-fixture';
import { BACKENDS } from './support/databases';
import { makeDicomStudy, makeStudy, STUDY_PARAMS, tarOf, zipOf } from './support/extraction-study';
import { csvCells } from '../radiomics/support/radiomics-data';

const root = mkdtempSync(join(tmpdir(), 'radsweep-image-root-'));
const elsewhere = mkdtempSync(join(tmpdir(), 'radsweep-elsewhere-'));
process.env.RADSWEEP_IMAGE_ROOTS = root; // read when the server and the worker start
const study = makeStudy(join(root, 'study'));
const dicomStudy = makeDicomStudy(join(root, 'dicom-study'));
makeStudy(elsewhere);
symlinkSync(elsewhere, join(root, 'link-out'));
mkdirSync(join(root, 'sneaky'));
symlinkSync(join(elsewhere, 'images', 'breast1_image.nrrd'), join(root, 'sneaky', 'image.nrrd'));
writeFileSync(join(root, 'sneaky', 'manifest.csv'), `id,image,mask\nx,image.nrrd,../study/images/breast1_label.nrrd\n`);
writeFileSync(join(root, 'sneaky', 'linked.csv'), `id,image,mask\nx,image.nrrd,${join(root, 'study', 'images', 'breast1_label.nrrd')}\n`);
writeFileSync(join(root, 'sneaky', 'absolute.csv'), `id,image,mask\nx,/etc/passwd,/etc/passwd\n`);

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The CLI's features for a manifest of the study: `radsweep extract` in this process, one thread. */
async function cliFeatures(manifest: string): Promise<string[][]> {
  const out = join(mkdtempSync(join(tmpdir(), 'radsweep-cli-')), 'features.csv');
  expect(await extractCommand(['--manifest', manifest, '--params', study.params, '--out', out, '--workers', '0', '--quiet'])).toBe(1); // the bad case
  return readFileSync(out, 'utf8').trim().split('\n').map(csvCells);
}

/** Each row of a dataset's table as cells, as the CLI's CSV writes them (numbers with String()). */
function tableCells(table: Table): string[][] {
  const header = table.columns.map((c) => c.name);
  const rows = Array.from({ length: table.rowCount }, (_, i) =>
    table.columns.map((c) => {
      const v = c.values[i];
      return typeof v === 'number' ? (Number.isNaN(v) ? '' : String(v)) : (v ?? '');
    }),
  );
  return [header, ...rows];
}

describe.each(BACKENDS)('radiomics extraction on the server, on %s', (backend) => {
  let server: AccessApp;
  let world: World;
  let worker: TaskQueue;
  let workerStopped = false;
  /** Stops this file's worker (once): the cases queued after it wait for a runner the test drives. */
  const stopWorker = async () => {
    if (!workerStopped) await worker?.stop();
    workerStopped = true;
  };
  let dirs: DatasetDirs;

  beforeAll(async () => {
    server = await startAccessApp(backend);
    world = await buildWorld(server.url, server.dataSource);
    // a worker as on another machine: its own queue connection on the same store
    const config = testConfig({ concurrency: 1, threads: 1 });
    worker = new TaskQueue(server.db.url, config);
    await worker.start();
    dirs = DatasetDirs.open('memory://');
    await startTaskWorkers(server.dataSource, worker, config, new DatasetsService(server.dataSource, dirs), new ExperimentsService(server.dataSource));
  });
  afterAll(async () => {
    await stopWorker();
    await server?.close();
    dirs?.close();
  });

  /** Polls the extraction until every case has finished and its end is written (generous: a loaded machine). */
  async function finished(id: string): Promise<any> {
    for (let waited = 0; waited < 600_000; waited += 250) {
      const res = await world.call(world.who.ds, 'GET', `/extractions/${id}`);
      expect(res.status, res.text).toBe(200);
      if (res.body.status === 'succeeded' || res.body.status === 'failed') return res.body;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`extraction ${id} did not finish`);
  }

  async function expectCliDataset(extraction: any, manifest: string, badFile: string): Promise<void> {
    const cli = await cliFeatures(manifest);
    const ids = cli.slice(1).map((row) => row[0]);
    expect(extraction.status).toBe('succeeded');
    expect([extraction.casesTotal, extraction.casesDone, extraction.casesFailed]).toEqual([ids.length + 1, ids.length, 1]);
    const bad = extraction.cases.find((c: any) => c.caseId === 'bad');
    expect(extraction.cases.filter((c: any) => c.status === 'done').map((c: any) => c.caseId)).toEqual(ids);
    expect(bad.status).toBe('failed');
    expect(bad.error).toMatch(new RegExp(`^case bad: .*${badFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(bad.error).toMatch(/truncated|cut short|too short|expected/i);
    // the dataset: exactly the CLI's table (header, ids, age, every feature value to the last digit)
    const table = await readTable(await server.app.get(DatasetsService).localFile(extraction.datasetId));
    const cells = tableCells(table);
    expect(cells[0]).toEqual(cli[0]);
    expect(cells[0].slice(2).every((name) => name.startsWith('lesion_original_'))).toBe(true);
    expect(cells[0].length).toBe(2 + 107);
    expect(cells.slice(1)).toEqual(cli.slice(1));
    // its provenance: parameter file, software, each input's sha256 (node:crypto over the files)
    const ds = await world.call(world.who.pi, 'GET', `/datasets/${extraction.datasetId}`);
    expect(ds.status).toBe(200);
    const p = ds.body.provenance;
    expect(p.params).toEqual({ text: STUDY_PARAMS, sha256: createHash('sha256').update(STUDY_PARAMS).digest('hex') });
    expect(p.software).toMatch(/^radsweep \d+\.\d+\.\d+/);
    expect(p.cases.map((c: any) => c.id)).toEqual(extraction.cases.map((c: any) => c.caseId));
    const inputs: Record<string, [string, string]> = { b2: ['brain2_image.nrrd', 'brain2_label.nrrd'], br: ['breast1_image.nrrd', 'breast1_label.nrrd'] };
    for (const c of p.cases) {
      if (c.id === 'bad') expect(c.error).toBe(bad.error);
      else expect(c.sha256, c.id).toEqual({ image: sha256(study.files[inputs[c.id][0]]), mask: sha256(study.files[inputs[c.id][1]]) });
    }
    const br = extraction.cases.find((c: any) => c.caseId === 'br');
    expect([br.imageSha256, br.maskSha256]).toEqual([sha256(study.files['breast1_image.nrrd']), sha256(study.files['breast1_label.nrrd'])]);
  }

  it('from an allowed folder: the CLI features as a dataset, the bad case failing alone naming its file', async () => {
    const res = await world.call(world.who.ds, 'POST', `/extractions?projectId=${world.ids.P}`, { folder: join(root, 'study'), params: STUDY_PARAMS, name: 'study-folder' });
    expect(res.status, res.text).toBe(201);
    expect(res.body.cases.map((c: any) => c.status)).toEqual(['queued', 'queued', 'queued']);
    const done = await finished(res.body.id);
    await expectCliDataset(done, study.manifest, join(root, 'study', 'images', 'bad_image.nrrd'));
    const list = await world.call(world.who.pi, 'GET', `/extractions?projectId=${world.ids.P}`);
    expect(list.body.map((e: any) => e.id)).toContain(res.body.id);
  });

  it("the POST answers what it stored: a case a worker takes at once still reads 'queued' in the answer", async () => {
    // a queue whose worker takes each case the moment it is sent (the race a loaded machine can give)
    const eager = {
      enqueue: async (caseId: string) => {
        await server.dataSource.manager.update(ExtractionCaseEntity, { id: caseId }, { status: 'running' });
        return `eager-${caseId}`;
      },
    } as unknown as TaskQueue;
    const service = new ExtractionsService(server.dataSource, eager, server.app.get(IMAGE_ROOTS));
    const answer = await service.fromFolder({ folder: join(root, 'study'), params: STUDY_PARAMS, name: 'eager-worker' }, world.ids.P);
    expect(answer.cases.map((c) => c.status)).toEqual(['queued', 'queued', 'queued']);
    expect((await service.progress(answer.id)).cases.map((c) => c.status)).toEqual(['running', 'running', 'running']); // the worker did take them
    await server.dataSource.manager.delete(ExtractionCaseEntity, { extractionId: answer.id });
    await server.dataSource.manager.delete(ExtractionEntity, { id: answer.id });
  });

  it('from an uploaded .tar.gz (made by tar(1)): the same dataset; errors name the archive entry', async () => {
    const archive = join(mkdtempSync(join(tmpdir(), 'radsweep-tar-')), 'study.tar.gz');
    const images = ['bad_image.nrrd', 'breast1_image.nrrd', 'breast1_label.nrrd'].map((f) => `images/${f}`);
    execFileSync('tar', ['-czf', archive, '-C', join(root, 'study'), 'small.csv', ...images]);
    const form = new FormData();
    form.append('params', STUDY_PARAMS); // the archive's only .csv is its manifest
    form.append('archive', new Blob([readFileSync(archive)]), 'study.tar.gz');
    const res = await world.call(world.who.ds, 'POST', `/extractions?projectId=${world.ids.P}`, form);
    expect(res.status, res.text).toBe(201);
    expect(res.body).toMatchObject({ source: 'upload', location: 'study.tar.gz', archiveSha256: sha256(archive), name: 'study' });
    const done = await finished(res.body.id);
    await expectCliDataset(done, join(root, 'study', 'small.csv'), 'study.tar.gz: images/bad_image.nrrd');
  });

  it('DICOM: a series folder with its SEG, from an allowed folder and from a .zip upload, gives the CLI features; a cut file fails naming it', async () => {
    const cli = await cliFeatures(dicomStudy.manifest);
    expect(cli.slice(1).map((r) => r[0])).toEqual(['d1']);
    expect(cli[0].slice(2).every((name) => name.startsWith('lesion_original_'))).toBe(true);
    const folderRun = await world.call(world.who.ds, 'POST', `/extractions?projectId=${world.ids.P}`, { folder: join(root, 'dicom-study'), params: STUDY_PARAMS });
    expect(folderRun.status, folderRun.text).toBe(201);
    const entries: Record<string, Uint8Array> = {};
    const add = (rel: string) => {
      const full = join(root, 'dicom-study', rel);
      if (statSync(full).isDirectory()) for (const f of readdirSync(full)) add(`${rel}/${f}`);
      else entries[rel] = readFileSync(full);
    };
    dicomStudy.files.forEach(add);
    const form = new FormData();
    form.append('params', STUDY_PARAMS);
    form.append('archive', new Blob([zipOf(entries)]), 'dicom.zip');
    const zipRun = await world.call(world.who.ds, 'POST', `/extractions?projectId=${world.ids.P}`, form);
    expect(zipRun.status, zipRun.text).toBe(201);
    expect(zipRun.body).toMatchObject({ source: 'upload', location: 'dicom.zip', name: 'dicom' });
    const fromFolder = await finished(folderRun.body.id);
    const fromZip = await finished(zipRun.body.id);
    const badFile = { folder: join(root, 'dicom-study', 'ct-cut', 'IM0003.dcm'), zip: 'dicom.zip: ct-cut/IM0003.dcm' };
    for (const [source, done] of [['folder', fromFolder], ['zip', fromZip]] as const) {
      expect([done.status, done.casesDone, done.casesFailed], source).toEqual(['succeeded', 1, 1]);
      const bad = done.cases.find((c: any) => c.caseId === 'bad');
      expect(bad.error, source).toMatch(`case bad: ${badFile[source]}: truncated file: element (7FE0,0010)`);
      const cells = tableCells(await readTable(await server.app.get(DatasetsService).localFile(done.datasetId)));
      expect(cells, source).toEqual(cli);
      // a series is recorded by its listing's sha256: the same whether read in place or rebuilt from the store
      const d1 = done.cases.find((c: any) => c.caseId === 'd1');
      expect([d1.imageSha256, d1.maskSha256], source).toEqual([inputSha256(join(root, 'dicom-study', 'ct')), sha256(join(root, 'dicom-study', 'seg.dcm'))]);
    }
  });

  it('refuses paths that leave the allowed folders: 400 for .. and absolute manifest paths, 403 outside or through a link', async () => {
    const post = (body: unknown) => world.call(world.who.ds, 'POST', `/extractions?projectId=${world.ids.P}`, body);
    const params = STUDY_PARAMS;
    const dotdot = await post({ folder: `${root}/study/../study`, params });
    expect([dotdot.status, dotdot.body.message]).toEqual([400, expect.stringMatching(/folder: .*'\.\.' is not allowed/)]);
    const outside = await post({ folder: elsewhere, params });
    expect([outside.status, outside.body.message]).toEqual([403, expect.stringMatching(/outside the folders this server allows/)]);
    const linkOut = await post({ folder: join(root, 'link-out'), params });
    expect([linkOut.status, linkOut.body.message]).toEqual([403, expect.stringMatching(/outside the folders this server allows/)]);
    const caseDotdot = await post({ folder: join(root, 'sneaky'), params });
    expect([caseDotdot.status, caseDotdot.body.message]).toEqual([400, expect.stringMatching(/manifest\.csv:2: mask: .*'\.\.' is not allowed/)]);
    const caseLink = await post({ folder: join(root, 'sneaky'), manifest: 'linked.csv', params });
    expect(caseLink.status).toBe(400); // an absolute path, even inside the root, must be relative to the manifest
    const absolute = await post({ folder: join(root, 'sneaky'), manifest: 'absolute.csv', params });
    expect([absolute.status, absolute.body.message]).toEqual([400, expect.stringMatching(/absolute\.csv:2: image: '\/etc\/passwd' must be relative/)]);
    const manifestUp = await post({ folder: join(root, 'study'), manifest: '../sneaky/manifest.csv', params });
    expect(manifestUp.status).toBe(400);
    // a link inside the folder to an image outside: the request is refused (403) before anything is queued
    writeFileSync(join(root, 'sneaky', 'link.csv'), `id,image,mask\nx,image.nrrd,image.nrrd\n`);
    const through = await post({ folder: join(root, 'sneaky'), manifest: 'link.csv', params });
    expect([through.status, through.body.message]).toEqual([403, expect.stringMatching(/case x: image: .*outside the folders/)]);
    // an archive entry named ../x, and an archive that is cut short
    const evil = new FormData();
    evil.append('params', params);
    evil.append('archive', new Blob([tarOf({ 'manifest.csv': 'id,image,mask\nx,a.nrrd,b.nrrd\n', '../a.nrrd': 'x' })]), 'evil.tar');
    const evilRes = await post(evil);
    expect([evilRes.status, evilRes.body.message]).toEqual([400, expect.stringMatching(/evil\.tar: \.\.\/a\.nrrd: entry names may not be absolute or contain '\.\.'/)]);
    const cut = new FormData();
    cut.append('params', params);
    cut.append('archive', new Blob([tarOf({ 'manifest.csv': 'id,image,mask\n' + 'x,a.nrrd,b.nrrd\n'.repeat(100) }).subarray(0, 900)]), 'cut.tar');
    const cutRes = await post(cut);
    expect([cutRes.status, cutRes.body.message]).toEqual([400, expect.stringMatching(/cut\.tar: .*truncated/)]);
    const badParams = await post({ folder: join(root, 'study'), params: 'setting:\n  binWidth: -1\n' });
    expect([badParams.status, badParams.body.message]).toEqual([400, expect.stringMatching(/params: settings\.binWidth: must be > 0, got -1/)]);
    const notTar = new FormData();
    notTar.append('params', params);
    notTar.append('archive', new Blob(['x']), 'study.zip');
    expect((await post(notTar)).status).toBe(400);
  });

  it('access: data scientists and owners launch; PIs read; reviewers and outsiders neither', async () => {
    const body = { folder: join(root, 'study'), params: STUDY_PARAMS };
    for (const who of ['pi', 'reviewer', 'outsider'] as const) {
      expect((await world.call(world.who[who], 'POST', `/extractions?projectId=${world.ids.P}`, body)).status, who).toBe(403);
    }
    expect((await world.call(null, 'POST', `/extractions?projectId=${world.ids.P}`, body)).status).toBe(401);
    const list = await world.call(world.who.ds, 'GET', `/extractions?projectId=${world.ids.P}`);
    const id = list.body[0].id;
    expect((await world.call(world.who.pi, 'GET', `/extractions/${id}`)).status).toBe(200);
    expect((await world.call(world.who.reviewer, 'GET', `/extractions/${id}`)).status).toBe(403);
    expect((await world.call(world.who.outsider, 'GET', `/extractions/${id}`)).status).toBe(403);
    expect((await world.call(world.who.outsider, 'GET', `/extractions?projectId=${world.ids.P}`)).status).toBe(403);
  });

  // the last two stop this file's worker
  it('a worker checks the folder again: on one whose allowed folders differ, every case fails, and so does the extraction (no dataset)', async () => {
    await stopWorker(); // the cases stay queued; a worker allowing only another folder takes them
    const res = await world.call(world.who.ds, 'POST', `/extractions?projectId=${world.ids.P}`, { folder: join(root, 'study'), params: STUDY_PARAMS });
    expect(res.status, res.text).toBe(201);
    const other = new ExtractionRunner(server.dataSource, new DatasetsService(server.dataSource, dirs), 0, [elsewhere]);
    const rows = await server.dataSource.manager.find(ExtractionCaseEntity, { where: { extractionId: res.body.id }, order: { position: 'ASC' } });
    for (const row of rows) await other.run(row.id, false);
    const done = (await world.call(world.who.ds, 'GET', `/extractions/${res.body.id}`)).body;
    expect([done.status, done.datasetId, done.casesFailed]).toEqual(['failed', null, 3]);
    expect(done.error).toBe('every case failed (3); no dataset was made');
    expect(done.cases[0].error).toMatch(/^case b2: .*brain2_image\.nrrd: image: .* is outside the folders this server allows/);
  });

  it('when the features cannot become a dataset (over the column limit), the extraction fails and no dataset is stored', async () => {
    await stopWorker();
    const res = await world.call(world.who.ds, 'POST', `/extractions?projectId=${world.ids.P}`, { folder: join(root, 'study'), manifest: 'small.csv', params: STUDY_PARAMS });
    expect(res.status, res.text).toBe(201);
    const [{ n: datasetsBefore }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM "datasets"`);
    const narrow = new DatasetsService(server.dataSource, dirs, undefined, { ...DEFAULT_LIMITS, maxColumns: 50 });
    const runner = new ExtractionRunner(server.dataSource, narrow, 0, [root]);
    const rows = await server.dataSource.manager.find(ExtractionCaseEntity, { where: { extractionId: res.body.id }, order: { position: 'ASC' } });
    for (const row of rows) await runner.run(row.id, false);
    const done = (await world.call(world.who.ds, 'GET', `/extractions/${res.body.id}`)).body;
    expect([done.status, done.datasetId, done.casesDone, done.casesFailed]).toEqual(['failed', null, 1, 1]);
    expect(done.error).toMatch(/^the features could not be stored as a dataset: .*the number of columns is 109, above the server's limit of 50/);
    const [{ n: datasetsAfter }] = await server.dataSource.query(`SELECT count(*)::int AS n FROM "datasets"`);
    expect(datasetsAfter).toBe(datasetsBefore);
  });

  it("a case whose worker died (no heartbeat) is queued again as a new job and finished by another worker", async () => {
    await stopWorker();
    const res = await world.call(world.who.ds, 'POST', `/extractions?projectId=${world.ids.P}`, { folder: join(root, 'study'), manifest: 'small.csv', params: STUDY_PARAMS });
    expect(res.status, res.text).toBe(201);
    // a worker took both cases and died: running, heartbeat an hour old
    await server.dataSource.query(
      `UPDATE "extraction_cases" SET "status" = 'running', "attempts" = 1, "worker" = 'dead-host:1', "heartbeat_at" = now() - interval '1 hour' WHERE "extraction_id" = $1`,
      [res.body.id],
    );
    const before = await server.dataSource.manager.find(ExtractionCaseEntity, { where: { extractionId: res.body.id }, order: { position: 'ASC' } });
    const service = server.app.get(ExtractionsService);
    expect(await service.requeueLostCases(60)).toBe(2);
    expect(await service.requeueLostCases(60)).toBe(0); // claimed once
    const requeued = await server.dataSource.manager.find(ExtractionCaseEntity, { where: { extractionId: res.body.id }, order: { position: 'ASC' } });
    for (const [i, c] of requeued.entries()) {
      expect([c.status, c.error]).toEqual(['queued', 'worker dead-host:1 sent no heartbeat for 60 s; queued again']);
      expect(c.jobId).not.toBeNull();
      expect(c.jobId).not.toBe(before[i].jobId);
    }
    const runner = new ExtractionRunner(server.dataSource, new DatasetsService(server.dataSource, dirs), 0, [root]);
    for (const c of requeued) await runner.run(c.id, false);
    const done = (await world.call(world.who.ds, 'GET', `/extractions/${res.body.id}`)).body;
    expect([done.status, done.casesDone, done.casesFailed]).toEqual(['succeeded', 1, 1]);
    expect(done.cases.map((c: any) => c.attempts)).toEqual([2, 2]);
    expect(done.datasetId).not.toBeNull();
  });
});
