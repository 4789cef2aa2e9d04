import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { csvHeaderProblems, OOF_PREDICTIONS_CSV_COLUMNS, survivalLeaderboardCsvColumns, TEST_PREDICTIONS_CSV_COLUMNS, type OpenApiContract } from '@radsweep/api-contract';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { CONTRACT_FILE } from '../../scripts/api-contract-openapi';
import { authHeaders, authorizeAdmin, smallSpec, testConfig, until, upload, waitForRun, wdbcBytes } from './support/api';
import { BACKENDS, openTestDatabase } from './support/databases';
import { makeStudy, STUDY_PARAMS } from './support/extraction-study';
import { LiveAnswer, LiveEvent, liveAnswerProblems, streamEventProblems } from './support/openapi-contract-check';

const root = mkdtempSync(join(tmpdir(), 'radsweep-contract-images-'));
process.env.RADSWEEP_IMAGE_ROOTS = root; // read when the server starts
makeStudy(join(root, 'study'));

const checkedIn = (): OpenApiContract => JSON.parse(readFileSync(CONTRACT_FILE, 'utf8'));

/**
 * Live answers of the routes the JSON checks of openapi-contract.test.ts do not reach: extraction create and
 * progress, the run's progress stream (its first event), the CSV and file downloads (content type, header row),
 * users PATCH and project members PUT/DELETE; each checked at runtime against the checked-in contract, so a
 * drift of a controller, a DTO or a file's columns fails here. On both stores: none of these routes is store-specific.
 */
describe.each(BACKENDS)('live answers of the remaining routes, checked against the contract, on %s', (backend) => {
  let db: Database;
  let server: RunningServer;
  let contract: OpenApiContract;
  /** The current test's contract problems (emptied before each test). */
  let problems: string[] = [];

  /** Calls `path` (OpenAPI form with its {params} filled from `fill`), checks the answer against the contract route; the answer read. */
  const call = async (method: string, route: string, fill: Record<string, string> = {}, body?: unknown): Promise<LiveAnswer & { body: any; headers: Headers }> => {
    const path = route.replace(/\{(\w+)\}/g, (_, k: string) => fill[k]);
    const res = await fetch(`${server.url}/api${path}`, {
      method,
      headers: { ...authHeaders(server.url), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const answer = { status: res.status, contentType: res.headers.get('content-type'), text: await res.text(), headers: res.headers };
    expect(answer.status, `${method} ${path}: ${answer.text.slice(0, 300)}`).toBeLessThan(300);
    problems.push(...liveAnswerProblems(contract, method, `/api${route.split('?')[0]}`, answer));
    let parsed: unknown = null;
    try {
      parsed = answer.text ? JSON.parse(answer.text) : null;
    } catch {
      parsed = answer.text;
    }
    return { ...answer, body: parsed };
  };

  /** The first event of a server-sent event stream: its `event:` name and JSON `data:`. */
  const firstEvent = async (path: string): Promise<LiveEvent & { contentType: string | null }> => {
    const controller = new AbortController();
    const res = await fetch(`${server.url}/api${path}`, { headers: authHeaders(server.url), signal: controller.signal });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    controller.abort();
    const lines = text.slice(0, text.indexOf('\n\n')).split('\n');
    const field = (name: string) => lines.find((l) => l.startsWith(`${name}:`))?.slice(name.length + 1).trim() ?? null;
    return { contentType: res.headers.get('content-type'), event: field('event'), data: JSON.parse(field('data') ?? 'null') };
  };

  beforeAll(async () => {
    db = await openTestDatabase(backend);
    server = await startServer(testConfig(), { database: db });
    await authorizeAdmin(server.url, db.dataSource);
    contract = checkedIn();
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });
  beforeEach(() => {
    problems = [];
  });

  it('users PATCH and project members PUT and DELETE', async () => {
    const project = (await call('POST', '/projects', {}, { name: 'Live contract' })).body.id;
    const user = (await call('POST', '/users', {}, { username: 'live-contract' })).body.user.id;
    const patched = await call('PATCH', '/users/{id}', { id: user }, { displayName: 'Live Contract' });
    expect(patched.body.displayName).toBe('Live Contract');
    const member = await call('PUT', '/projects/{id}/members/{userId}', { id: project, userId: user }, { role: 'pi' });
    expect(member.body.role).toBe('pi');
    await call('DELETE', '/projects/{id}/members/{userId}', { id: project, userId: user });
    expect((await call('GET', '/projects/{id}/members', { id: project })).body.map((m: { userId: string }) => m.userId)).not.toContain(user);
    expect(problems).toEqual([]);
  });

  it('extraction create and progress, polled to its end', async () => {
    const project = (await call('POST', '/projects', {}, { name: 'Live extraction' })).body.id;
    const created = await call('POST', '/extractions?projectId={project}', { project }, { folder: join(root, 'study'), params: STUDY_PARAMS, name: 'live' });
    expect(created.status).toBe(201);
    const done = await until(
      'extraction finished',
      async () => {
        const progress = await call('GET', '/extractions/{id}', { id: created.body.id });
        return progress.body.status === 'succeeded' || progress.body.status === 'failed' ? progress.body : null;
      },
      600_000,
    );
    expect([done.casesTotal, done.casesFailed]).toEqual([3, 1]); // the study's truncated image fails alone
    await call('GET', '/extractions?projectId={project}', { project });
    expect(problems).toEqual([]);
  }, 900_000);

  it("a run's progress stream (first event), its CSV downloads, checklists and a locked model's file", async () => {
    const dataset = (await upload(server.url, 'wdbc.csv', wdbcBytes(), { labelColumn: 'label' })).body;
    const experiment = (await call('POST', '/experiments', {}, { spec: smallSpec({ name: 'live-contract', models: [{ id: 'logistic_regression', grid: { C: [1] } }] }) })).body;
    const run = (await call('POST', '/runs', {}, { experimentId: experiment.id, datasetId: dataset.id })).body.id;
    // the stream's first event is the run's progress, its payload the contract type the route names for `progress`
    const first = await firstEvent(`/runs/${run}/events`);
    problems.push(...liveAnswerProblems(contract, 'GET', '/api/runs/{id}/events', { status: 200, contentType: first.contentType, text: '' }));
    expect(first.event).toBe('progress');
    expect((first.data as { id: string }).id).toBe(run);
    problems.push(...streamEventProblems(contract, '/api/runs/{id}/events', first));
    expect((await waitForRun(server.url, run)).status).toBe('succeeded');
    // a finished run's stream: its one event, the final progress
    const last = await firstEvent(`/runs/${run}/events`);
    expect((last.data as { status: string }).status).toBe('succeeded');
    problems.push(...streamEventProblems(contract, '/api/runs/{id}/events', last));

    const test = await call('GET', '/runs/{id}/predictions.csv', { id: run });
    problems.push(...csvHeaderProblems(test.text, TEST_PREDICTIONS_CSV_COLUMNS));
    const oof = await call('GET', '/runs/{id}/predictions.csv?kind=oof', { id: run });
    problems.push(...csvHeaderProblems(oof.text, OOF_PREDICTIONS_CSV_COLUMNS));
    const model = (await call('GET', '/runs/{id}/leaderboard', { id: run })).body.items[0].id;
    const one = await call('GET', '/dashboard/results/{id}/predictions.csv', { id: model });
    problems.push(...csvHeaderProblems(one.text, TEST_PREDICTIONS_CSV_COLUMNS));
    expect(one.text.split('\n').length).toBeGreaterThan(2);
    await call('GET', '/runs/{id}/checklist.md', { id: run });
    await call('GET', '/runs/{id}/checklist.html', { id: run });
    // a locked model's file: the sealed JSON, its sha256 that of the summary
    const locked = (await call('POST', '/runs/{runId}/models/{modelResultId}/lock', { runId: run, modelResultId: model }, { name: 'live' })).body;
    const file = await call('GET', '/locked-models/{id}/file', { id: locked.id });
    expect(file.contentType).toBe('application/json; charset=utf-8');
    expect(file.headers.get('x-radsweep-sha256')).toBe(locked.sha256);
    expect(typeof file.body).toBe('object');
    expect(problems).toEqual([]);
  }, 600_000);
});

describe('the live checks of the contract', () => {
  const contract = checkedIn();

  it('fails on a drift of each kind', () => {
    const text = (contentType: string | null, body = '', status = 200): LiveAnswer => ({ status, contentType, text: body });
    expect(liveAnswerProblems(contract, 'GET', '/api/runs/{id}/predictions.csv', text('application/json'))).toEqual([
      'GET /api/runs/{id}/predictions.csv: content type application/json, the contract says text/csv; charset=utf-8',
    ]);
    expect(liveAnswerProblems(contract, 'DELETE', '/api/projects/{id}/members/{userId}', text(null, '{}', 200))).toEqual([
      'DELETE /api/projects/{id}/members/{userId}: 200 with 2 bytes, not an empty 204',
    ]);
    expect(liveAnswerProblems(contract, 'GET', '/api/runs/{id}/events', text('application/json'))).toHaveLength(1);
    expect(liveAnswerProblems(contract, 'PATCH', '/api/users/{id}', text('application/json', JSON.stringify({ id: 'x' })))[0]).toMatch(/^PATCH \/api\/users\/\{id\} \(PublicUser\) \$\.\w+: missing$/);
    expect(csvHeaderProblems('feature_set,model,id,probability,extra\n', TEST_PREDICTIONS_CSV_COLUMNS)).toEqual([
      "column 4 is 'probability', the contract says 'label'",
      "column 5 is 'extra', the contract says 'probability'",
    ]);
    expect(csvHeaderProblems('feature_set,model,id,label,probability,rank\n', TEST_PREDICTIONS_CSV_COLUMNS)).toEqual(["column 6 'rank' is not a column of the contract"]);
    // a survival leaderboard missing the td-AUC column of one of the run's two horizons
    const board = 'endpoint,feature_set,model,best_by_cv,cv_c_index,cv_c_index_sd,test_harrell_c,test_harrell_c_lower,test_harrell_c_upper,test_uno_c,uno_tau,td_auc_at_365,ibs,ibs_null,calibration_slope,trained_at_horizon,excluded_censored,error\n';
    expect(csvHeaderProblems(board, survivalLeaderboardCsvColumns([365]))).toEqual([]);
    expect(csvHeaderProblems(board, survivalLeaderboardCsvColumns([365, 730]))[0]).toBe("column 13 is 'ibs', the contract says 'td_auc_at_730'");
    const events = '/api/runs/{id}/events';
    expect(streamEventProblems(contract, events, { event: 'progress', data: { id: 'x' } }).length).toBeGreaterThan(0);
    expect(streamEventProblems(contract, events, { event: 'closed', data: { reason: 'your access to this run ended' } })).toEqual([]);
    expect(streamEventProblems(contract, events, { event: 'closed', data: { reason: 1 } })).toEqual(["GET /api/runs/{id}/events event 'closed' (RunStreamClosed) $.reason: number, not string"]);
    expect(streamEventProblems(contract, events, { event: 'done', data: {} })).toEqual(["GET /api/runs/{id}/events: event 'done' is not one of the contract's (closed, progress)"]);
  });
});
