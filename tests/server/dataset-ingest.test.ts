import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatasetDirs } from '../../apps/server/src/datasets/dataset-dirs';
import { DatasetsService } from '../../apps/server/src/datasets/datasets.service';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { BACKENDS, openTestDatabase } from './support/databases';
import { api, authHeaders, authorizeAdmin, testConfig, until, upload, wdbcBytes } from './support/api';
import { TINY_CSV } from './support/access-fixture';

const mode = (path: string) => statSync(path).mode & 0o777;
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

async function uploadTo(base: string, projectId: string, fileName: string, text: string) {
  const form = new FormData();
  form.append('file', new Blob([text]), fileName);
  const res = await fetch(`${base}/api/datasets?projectId=${projectId}`, { method: 'POST', body: form, headers: authHeaders(base) });
  return { status: res.status, body: (await res.json()) as any };
}

describe.each(BACKENDS)('dataset ingestion on %s', (backend) => {
  let db: Database;
  let server: RunningServer;
  let base: string;
  let dataDir: string;
  let cache: string;

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    dataDir = join(mkdtempSync(join(tmpdir(), 'radsweep-ingest-')), 'data');
    cache = `${dataDir}.cache`;
    server = await startServer(testConfig({ dataDir, limits: { maxFitsPerRun: 20_000, maxSpecBytes: 256 * 1024, maxColumns: 40, maxRows: 600 } }), { database: db });
    base = server.url;
    await authorizeAdmin(base, db.dataSource);
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
    rmSync(join(dataDir, '..'), { recursive: true, force: true });
  });

  it('keeps uploads and dataset copies in <dataDir>.cache, 0700 folders and 0600 files, no upload left behind', async () => {
    const res = await upload(base, 'wdbc.csv', wdbcBytes(), { labelColumn: 'label' });
    expect(res.status).toBe(201);
    for (const dir of [cache, join(cache, 'uploads'), join(cache, 'datasets')]) expect([dir, mode(dir)]).toEqual([dir, 0o700]);
    expect(readdirSync(join(cache, 'uploads'))).toEqual([]);
    const copy = join(cache, 'datasets', `${res.body.arrowSha256}.arrow`);
    expect(mode(copy)).toBe(0o600);
    expect(sha256(readFileSync(copy))).toBe(res.body.arrowSha256);
  });

  it('rejects a planted or altered dataset copy and fetches the stored one again', async () => {
    const a = await upload(base, 'tiny.csv', TINY_CSV);
    const b = await upload(base, 'other.csv', TINY_CSV.replace('id,label,x,y', 'id,label,x,z'));
    expect([a.status, b.status]).toEqual([201, 201]);
    const datasets = server.app.get(DatasetsService);
    const fileA = join(cache, 'datasets', `${a.body.arrowSha256}.arrow`);
    // Another dataset's bytes under A's name (a valid Arrow file: it would be read without complaint).
    copyFileSync(join(cache, 'datasets', `${b.body.arrowSha256}.arrow`), fileA);
    expect(sha256(readFileSync(fileA))).not.toBe(a.body.arrowSha256);
    expect(await datasets.localFile(a.body.id)).toBe(fileA);
    expect(sha256(readFileSync(fileA))).toBe(a.body.arrowSha256);
    expect(mode(fileA)).toBe(0o600);
    rmSync(fileA);
    expect(sha256(readFileSync(await datasets.localFile(a.body.id)))).toBe(a.body.arrowSha256);
  });

  it('reuses the dataset row when the same bytes are sent again to the same project', async () => {
    const [p1, p2] = await Promise.all(['reuse-1', 'reuse-2'].map(async (name) => (await api(base, 'POST', '/projects', { name })).body.id as string));
    const first = await uploadTo(base, p1, 'tiny.csv', TINY_CSV);
    const again = await uploadTo(base, p1, 'tiny-again.csv', TINY_CSV);
    const elsewhere = await uploadTo(base, p2, 'tiny.csv', TINY_CSV);
    const changed = await uploadTo(base, p1, 'tiny.csv', TINY_CSV + '13,1,0.50,2\n');
    expect([first.status, again.status, elsewhere.status, changed.status]).toEqual([201, 201, 201, 201]);
    expect(again.body.id).toBe(first.body.id);
    expect(elsewhere.body.id).not.toBe(first.body.id);
    expect(changed.body.id).not.toBe(first.body.id);
    const [{ n }] = await db.dataSource.query(`SELECT count(*)::int AS n FROM datasets WHERE project_id = $1`, [p1]);
    expect(n).toBe(2);
  });

  it('removes the file of an upload the client abandons halfway', async () => {
    const url = new URL(`${base}/api/datasets`);
    const boundary = 'radsweep-test-boundary';
    const head = `--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="half.csv"\r\ncontent-type: text/csv\r\n\r\n`;
    const req = request({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { ...authHeaders(base), 'content-type': `multipart/form-data; boundary=${boundary}`, 'content-length': String(10 * 1024 * 1024) } });
    req.on('error', () => undefined); // the socket is destroyed below
    req.write(head + 'id,label,x\n' + '1,0,1\n'.repeat(100_000));
    // The upload's file exists once the server has started writing it; then the client goes away.
    await until('the upload file', async () => readdirSync(join(cache, 'uploads')).length > 0);
    req.destroy();
    await until('the upload folder to be empty again', async () => readdirSync(join(cache, 'uploads')).length === 0);
  });

  it('refuses a table over the column or row limit with 422 naming the limit, storing nothing', async () => {
    const before = (await api(base, 'GET', '/datasets')).body.length;
    const wide = 'id,label,' + Array.from({ length: 45 }, (_, i) => `f${i}`).join(',') + '\n' + `1,0,${Array(45).fill(1).join(',')}\n`;
    const tooWide = await upload(base, 'wide.csv', wide);
    expect(tooWide.status).toBe(422);
    expect(tooWide.body.message).toMatch(/number of columns is 47, above the server's limit of 40 \(maxColumns, set by RADSWEEP_MAX_COLUMNS\)/);
    const long = 'id,label,x\n' + Array.from({ length: 601 }, (_, i) => `${i},${i % 2},${i}`).join('\n') + '\n';
    const tooLong = await upload(base, 'long.csv', long);
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.message).toMatch(/RADSWEEP_MAX_ROWS/);
    expect((await api(base, 'GET', '/datasets')).body.length).toBe(before);
    expect(readdirSync(join(cache, 'uploads'))).toEqual([]);
  });
});

describe('dataset folders of an in-memory server', () => {
  it('are a fresh 0700 folder per process, removed on close', () => {
    const dirs = DatasetDirs.open('memory://');
    expect(mode(dirs.root)).toBe(0o700);
    expect(dirs.root.startsWith(tmpdir())).toBe(true);
    expect(existsSync(dirs.datasets)).toBe(true);
    const other = DatasetDirs.open('memory://');
    expect(other.root).not.toBe(dirs.root);
    dirs.close();
    other.close();
    expect(existsSync(dirs.root)).toBe(false);
  });
});
