import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvHeaderProblems, SURVIVAL_PREDICTIONS_CSV_COLUMNS, survivalLeaderboardCsvColumns, type OpenApiContract } from '@radsweep/api-contract';
import { Database } from '../../apps/server/src/database/database';
import { RunningServer, startServer } from '../../apps/server/src/server';
import { CONTRACT_FILE, contractText, generateOpenApiContract } from '../../scripts/api-contract-openapi';
import { api, authHeaders, authorizeAdmin, smallSpec, testConfig, until, upload, waitForRun, wdbcBytes } from './support/api';
import { openTestDatabase } from './support/databases';
import { rotterdamSubset, survivalSpec } from './support/survival';
import { answerProblems, contractMismatches, liveAnswerProblems, registeredRoutes, RegisteredRoute, schemaProblems } from './support/openapi-contract-check';

const checkedIn = (): OpenApiContract => JSON.parse(readFileSync(CONTRACT_FILE, 'utf8'));
const copy = <T>(x: T): T => structuredClone(x);

describe('the API contract file', () => {
  it('is what the controllers and the contract types generate (regenerate: node -r @swc-node/register scripts/api-contract-openapi.ts)', () => {
    const generated = generateOpenApiContract();
    expect(contractText(generated)).toBe(readFileSync(CONTRACT_FILE, 'utf8'));
    // every JSON route names a contract type, and every body a DTO implementing one
    expect(generated.routes.length).toBeGreaterThan(70);
    expect(generated.routes.find((r) => r.method === 'get' && r.path === '/api/runs/{id}')?.answer).toMatchObject({ kind: 'json', type: 'RunProgress' });
    expect(generated.routes.find((r) => r.method === 'post' && r.path === '/api/auth/login')?.body).toBe('LoginRequest');
    // the progress stream: each event's name and the contract type of its payload
    expect(generated.routes.find((r) => r.method === 'get' && r.path === '/api/runs/{id}/events')?.answer).toEqual({
      kind: 'event-stream',
      events: [
        { event: 'closed', type: 'RunStreamClosed', schema: { $ref: '#/components/schemas/RunStreamClosed' } },
        { event: 'progress', type: 'RunProgress', schema: { $ref: '#/components/schemas/RunProgress' } },
      ],
    });
    expect(generated.schemas.LoginRequest).toEqual({
      type: 'object',
      properties: { username: { type: 'string' }, password: { type: 'string' } },
      required: ['username', 'password'],
    });
  }, 300_000); // a full TypeScript program of the server: half a minute on a loaded 2-core machine

  it('cannot be generated when a route returns something that is not a contract type', () => {
    const fixture = join(__dirname, 'fixtures/off-contract.controller.ts');
    expect(() => generateOpenApiContract([fixture])).toThrow(
      /OffContractController\.status: returns \{ ok: boolean \}, not a type of @radsweep\/api-contract[\s\S]*OffContractController\.login: body is class LooseLoginBody, which implements no type[\s\S]*OffContractController\.events: returns Observable<MessageEvent>, not an Observable of a type of @radsweep\/api-contract/,
    );
  }, 300_000);
});

describe('the OpenAPI document of the running server', () => {
  let db: Database;
  let server: RunningServer;
  let doc: any;
  let registered: RegisteredRoute[];

  beforeAll(async () => {
    db = await openTestDatabase('embedded');
    server = await startServer(testConfig(), { database: db });
    await authorizeAdmin(server.url, db.dataSource);
    const res = await api(server.url, 'GET', '/docs/json');
    expect(res.status).toBe(200);
    doc = res.body;
    registered = registeredRoutes(server.app.getHttpAdapter().getInstance());
  });
  afterAll(async () => {
    await server?.close();
    await db?.close();
  });

  it('has every route the app registers, each answering its contract type, and DTOs with the contract fields', () => {
    expect(registered.length).toBeGreaterThan(70);
    expect(contractMismatches(doc, checkedIn(), registered)).toEqual([]);
    expect(doc.paths['/api/datasets/{id}'].get.responses['200'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/Dataset' });
    expect(doc.components.schemas.Dataset.properties.createdAt).toEqual({ type: 'string', format: 'date-time' });
  });

  it('answers, route by route, in the shapes of the contract (no field missing, none the contract lacks)', async () => {
    const contract = checkedIn();
    const problems: string[] = [];
    /** Calls `path` (OpenAPI form, under /api) with its {id} filled in, and checks the answer against the contract. */
    const call = async (method: string, path: string, id?: string, body?: unknown) => {
      const res = await api(server.url, method, path.replace('{id}', id ?? ''), body);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      problems.push(...answerProblems(contract, method, `/api${path}`, res.body));
      return res.body;
    };
    await call('GET', '/auth/me');
    const project = (await call('POST', '/projects', undefined, { name: 'Contract study' })).id;
    await call('GET', '/projects');
    await call('GET', '/projects/{id}', project);
    const user = await call('POST', '/users', undefined, { username: 'contract-reviewer' });
    expect(user.loginLink).toMatch(/^\/api\/auth\/link\?token=/);
    await call('GET', '/users');
    await call('POST', '/projects/{id}/members', project, { username: 'contract-reviewer', role: 'reviewer' });
    await call('GET', '/projects/{id}/members', project);
    await call('GET', '/projects/{id}/audit', project);
    await call('POST', '/auth/tokens', undefined, { name: 'contract check' });
    await call('GET', '/auth/tokens');
    await call('GET', '/extractions/folders');
    const dataset = await upload(server.url, 'wdbc.csv', wdbcBytes(), { labelColumn: 'label', name: 'WDBC' });
    problems.push(...answerProblems(contract, 'POST', '/api/datasets', dataset.body));
    await call('GET', '/datasets');
    await call('GET', '/datasets/{id}', dataset.body.id);
    await call('POST', '/experiments/validate', undefined, { spec: smallSpec() });
    const experiment = await call('POST', '/experiments', undefined, { spec: smallSpec() });
    await call('GET', '/experiments');
    const run = (await call('POST', '/runs', undefined, { experimentId: experiment.id, datasetId: dataset.body.id })).id;
    await call('GET', '/runs/{id}', run);
    await call('GET', '/runs');
    await call('GET', '/runs/{id}/curation', run);
    await call('PATCH', '/runs/{id}', run, { name: 'contract run', notes: 'checked against the contract' });
    await call('GET', '/runs/{id}/leaderboard', run);
    await call('GET', '/leaderboard');
    await call('GET', '/dashboard/leaderboard');
    expect(problems).toEqual([]);
    // the check itself: a field the contract lacks, a missing one and a wrong type are each reported
    const me = (await api(server.url, 'GET', '/auth/me')).body;
    expect(answerProblems(contract, 'GET', '/api/auth/me', { ...me, passwordHash: 'x', isAdmin: 'yes', username: undefined })).toEqual([
      'GET /api/auth/me (CurrentUser) $.username: missing',
      'GET /api/auth/me (CurrentUser) $.isAdmin: string, not boolean',
      'GET /api/auth/me (CurrentUser) $.passwordHash: not a field of the contract',
    ]);
    expect(schemaProblems([{ n: 'one' }], { type: 'array', items: { type: 'object', properties: { n: { type: 'number', nullable: true } } } }, {})).toEqual(['$[0].n: string, not number']);
  });

  it("answers with a finished run's records in the shapes of the contract (a tree's undefined calibration included)", async () => {
    const contract = checkedIn();
    const problems: string[] = [];
    const call = async (method: string, path: string, fill: Record<string, string> = {}, body?: unknown) => {
      const res = await api(server.url, method, path.replace(/\{(\w+)\}/g, (_, k: string) => fill[k]), body);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBeLessThan(300);
      problems.push(...answerProblems(contract, method, `/api${path.split('?')[0]}`, res.body));
      return res.body;
    };
    const dataset = (await upload(server.url, 'wdbc.csv', wdbcBytes(), { labelColumn: 'label' })).body;
    // a decision tree of pure leaves predicts 0 and 1: its calibration slope and intercept are null in JSON
    const spec = smallSpec({ name: 'contract-records', featureSets: [{ name: 'mean', include: ['mean_*'] }], models: [{ id: 'logistic_regression', grid: { C: [1] } }, { id: 'decision_tree', grid: { max_depth: [null] } }] });
    const experiment = await call('POST', '/experiments', {}, { spec });
    const run = (await call('POST', '/runs', {}, { experimentId: experiment.id, datasetId: dataset.id })).id;
    expect((await waitForRun(server.url, run)).status).toBe('succeeded');
    const board = await call('GET', '/runs/{id}/leaderboard', { id: run });
    const [lr, tree] = ['logistic_regression', 'decision_tree'].map((m) => board.items.find((r: { model: string }) => r.model === m).id);
    const treeRecord = await call('GET', '/results/{id}', { id: tree });
    expect(treeRecord.test.calibrationSlope).toBeNull();
    await call('GET', '/results/{id}', { id: lr });
    await call('GET', '/dashboard/results/{id}', { id: tree });
    await call('GET', `/dashboard/compare?ids=${lr},${tree}`);
    await call('GET', '/runs/{id}/results.json', { id: run });
    await call('GET', '/runs/{id}/checklist', { id: run });
    await call('GET', '/dashboard/leaderboard');
    const locked = await call('POST', '/runs/{runId}/models/{modelResultId}/lock', { runId: run, modelResultId: lr }, { name: 'contract LR' });
    await call('GET', '/locked-models/{id}', { id: locked.id });
    await call('GET', '/results/{id}/locked-models', { id: lr });
    // an external validation (a queue task) of the locked model: its report is the engine's, typed AsJson<...>
    const validation = await call('POST', '/locked-models/{id}/validations', { id: locked.id }, { datasetId: dataset.id, bootstrap: 20 });
    await until('validation done', async () => {
      const v = (await api(server.url, 'GET', `/validations/${validation.id}`)).body;
      return v.status === 'done' || v.status === 'failed' ? v : null;
    }, 120_000);
    const detail = await call('GET', '/validations/{id}', { id: validation.id });
    expect(detail.status, detail.error).toBe('done');
    await call('GET', '/locked-models/{id}/validations', { id: locked.id });
    expect(problems).toEqual([]);
  });

  it("answers with a survival run's leaderboard, model record and comparison in the shapes of the contract", async () => {
    const contract = checkedIn();
    const problems: string[] = [];
    const get = async (path: string, route: string) => {
      const res = await api(server.url, 'GET', path);
      expect(res.status, `GET ${path}: ${JSON.stringify(res.body)}`).toBe(200);
      problems.push(...answerProblems(contract, 'GET', route, res.body));
      return res.body;
    };
    const dataset = (await upload(server.url, 'rotterdam.csv', rotterdamSubset())).body;
    const spec = survivalSpec({ name: 'contract-survival', featureSets: [{ name: 'nodes', include: ['nodes', 'size'] }] });
    const experiment = (await api(server.url, 'POST', '/experiments', { spec })).body;
    const run = (await api(server.url, 'POST', '/runs', { experimentId: experiment.id, datasetId: dataset.id })).body.id;
    expect((await waitForRun(server.url, run)).status).toBe('succeeded');
    const board = await get(`/runs/${run}/survival/leaderboard`, '/api/runs/{id}/survival/leaderboard');
    const [a, b] = board.endpoints[0].rows.map((r: { id: string }) => r.id);
    const record = await get(`/survival/results/${a}`, '/api/survival/results/{id}');
    // the contract's null risks: only groups without a patient (tied risk scores leave some deciles empty)
    const points = record.calibration.flatMap((c: { points: { n: number; observedRisk: number | null }[] }) => c.points);
    expect(points.filter((p: { observedRisk: number | null }) => p.observedRisk === null).every((p: { n: number }) => p.n === 0)).toBe(true);
    await get(`/survival/compare?a=${a}&b=${b}&resamples=100`, '/api/survival/compare');
    await get(`/runs/${run}/results.json`, '/api/runs/{id}/results.json');
    // the CSV downloads: the contract's media type; the leaderboard's header row the contract's columns with a
    // td-AUC column per horizon of the run's endpoints, the predictions' the contract's columns, then one per horizon
    const horizons = [...new Set<number>(board.endpoints.flatMap((e: { endpoint: { horizons: number[] } }) => e.endpoint.horizons))].sort((x, y) => x - y);
    expect(horizons.length).toBeGreaterThan(0);
    for (const file of ['leaderboard.csv', 'predictions.csv']) {
      const res = await fetch(`${server.url}/api/runs/${run}/survival/${file}`, { headers: authHeaders(server.url) });
      const text = await res.text();
      problems.push(...liveAnswerProblems(contract, 'GET', `/api/runs/{id}/survival/${file}`, { status: res.status, contentType: res.headers.get('content-type'), text }));
      if (file === 'leaderboard.csv') problems.push(...csvHeaderProblems(text, survivalLeaderboardCsvColumns(horizons)));
      if (file === 'predictions.csv') problems.push(...csvHeaderProblems(text, SURVIVAL_PREDICTIONS_CSV_COLUMNS, /^survival_at_\d/));
      expect(text.split('\n').length, file).toBeGreaterThan(2);
    }
    expect(problems).toEqual([]);
  });

  it('fails on a deliberate mismatch of each kind', () => {
    const contract = checkedIn();
    const at = (d: any, path: string) => d.paths[path];
    // a response field the contract has and the document lacks
    const noField = copy(doc);
    delete noField.components.schemas.RunProgress.properties.fitsTotal;
    expect(contractMismatches(noField, contract, registered)).toContain('GET /api/runs/{id}: component RunProgress differs from the contract\'s');
    // a response documented as another type
    const otherType = copy(doc);
    at(otherType, '/api/runs/{id}').get.responses['200'].content['application/json'].schema = { $ref: '#/components/schemas/RunCuration' };
    expect(contractMismatches(otherType, contract, registered)).toContain("GET /api/runs/{id}: the document's response schema is not the contract's RunProgress");
    // an event stream documented with another payload for one of its events
    const otherEvent = copy(doc);
    at(otherEvent, '/api/runs/{id}/events').get.responses['200'].content['text/event-stream']['x-events'].progress = { $ref: '#/components/schemas/RunCuration' };
    expect(contractMismatches(otherEvent, contract, registered)).toEqual(["GET /api/runs/{id}/events: the document's events are not the contract's"]);
    // a DTO field the contract does not have, and one whose required-ness or type differs
    const dto = copy(doc);
    const loginDto = dto.components.schemas[at(dto, '/api/auth/login').post.requestBody.content['application/json'].schema.$ref.split('/').pop()];
    loginDto.properties.rememberMe = { type: 'boolean' };
    loginDto.required = ['username'];
    loginDto.properties.username = { type: 'number' };
    expect(contractMismatches(dto, contract, registered)).toEqual([
      "POST /api/auth/login body: field 'rememberMe' is not in the contract",
      "POST /api/auth/login body: field 'username' is number, the contract says string",
      "POST /api/auth/login body: field 'password' is required in the contract",
    ]);
    // a query parameter the contract does not know
    const query = copy(doc);
    at(query, '/api/projects/{id}/audit').get.parameters.push({ name: 'page', in: 'query', required: false, schema: { type: 'number' } });
    expect(contractMismatches(query, contract, registered)).toEqual(["GET /api/projects/{id}/audit query: field 'page' is not in the contract"]);
    // a route the app registers that neither the document nor the contract has, and a contract route the app lacks
    const extra = [...registered, { method: 'get', path: '/api/runs/:id/secret' }];
    expect(contractMismatches(doc, contract, extra)).toEqual([
      'GET /api/runs/{id}/secret: registered but not in the OpenAPI document',
      'GET /api/runs/{id}/secret: registered but not in the API contract',
    ]);
    const fewer = registered.filter((r) => !(r.method === 'get' && r.path === '/api/leaderboard'));
    expect(contractMismatches(doc, contract, fewer)).toEqual(['GET /api/leaderboard: in the API contract but not registered by the app']);
  });
});
