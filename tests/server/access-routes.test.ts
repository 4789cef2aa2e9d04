import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_POLICY } from '../../apps/server/src/auth/access-policy';
import { BACKENDS } from './support/databases';
import { AccessApp, startAccessApp } from './support/access';
import { buildWorld, CALLERS, CallerName, storedRun, TINY_CSV, tinySpec, World } from './support/access-fixture';
import { makeStudy, STUDY_PARAMS } from './support/extraction-study';

// An allowed image folder with a study, for the extraction routes (read when the server starts); no worker runs its cases.
const imageRoot = mkdtempSync(join(tmpdir(), 'radsweep-routes-images-'));
process.env.RADSWEEP_IMAGE_ROOTS = imageRoot;
makeStudy(join(imageRoot, 'study'));

/** One row of the route table: the request, and the status each caller gets, in CALLERS order (null: not checked). */
interface Row {
  key: string;
  method: string;
  path: (ids: Record<string, string>) => string;
  body?: (caller: CallerName, ids: Record<string, string>) => unknown;
  expect: (number | null)[];
}

//                                  anonymous outsider reviewer  pi   ds  owner admin
const READ_ALL = [401, 200, 200, 200, 200, 200, 200];
const PROJECT_READ = [401, 403, 200, 200, 200, 200, 200];
const MEMBERS_READ = [401, 403, 403, 200, 200, 200, 200];
const SHARED_RUN_READ = [401, 403, 200, 200, 200, 200, 200];
const ADMIN_ONLY = (ok: number) => [401, 403, 403, 403, 403, 403, ok];
/** A curation change of the shared run: the data scientist first, then the owner and the admin repeating it. */
const CURATE = (first: number, repeat: number) => [401, 403, 403, 403, first, repeat, repeat];

const upload = () => {
  const form = new FormData();
  form.append('file', new Blob([TINY_CSV]), 'tiny.csv');
  return form;
};

const ROWS: Row[] = [
  { key: 'GET /auth/me', method: 'GET', path: () => '/auth/me', expect: READ_ALL },
  { key: 'GET /auth/tokens', method: 'GET', path: () => '/auth/tokens', expect: READ_ALL },
  { key: 'POST /auth/tokens', method: 'POST', path: () => '/auth/tokens', body: (c) => ({ name: `extra ${c}` }), expect: [401, 201, 201, 201, 201, 201, 201] },
  // someone's token is revoked only by them or an admin: for others it does not exist
  { key: 'DELETE /auth/tokens/:id', method: 'DELETE', path: (ids) => `/auth/tokens/${ids.spareToken}`, expect: [401, 404, 404, 404, 404, 404, 200] },
  { key: 'GET /users', method: 'GET', path: () => '/users', expect: ADMIN_ONLY(200) },
  { key: 'POST /users', method: 'POST', path: () => '/users', body: () => ({ username: 'newbie' }), expect: ADMIN_ONLY(201) },
  { key: 'PATCH /users/:id', method: 'PATCH', path: (ids) => `/users/${ids.reviewer2}`, body: () => ({ displayName: 'Second reviewer' }), expect: ADMIN_ONLY(200) },
  { key: 'POST /users/:id/login-link', method: 'POST', path: (ids) => `/users/${ids.reviewer2}/login-link`, expect: ADMIN_ONLY(201) },
  { key: 'POST /projects', method: 'POST', path: () => '/projects', body: (c) => ({ name: `Project of ${c}` }), expect: [401, 201, 201, 201, 201, 201, 201] },
  { key: 'GET /projects', method: 'GET', path: () => '/projects', expect: READ_ALL },
  { key: 'GET /projects/:id', method: 'GET', path: (ids) => `/projects/${ids.P}`, expect: PROJECT_READ },
  { key: 'PATCH /projects/:id', method: 'PATCH', path: (ids) => `/projects/${ids.P}`, body: () => ({ name: 'Lung nodules' }), expect: [401, 403, 403, 403, 403, 200, 200] },
  { key: 'GET /projects/:id/members', method: 'GET', path: (ids) => `/projects/${ids.P}/members`, expect: PROJECT_READ },
  { key: 'POST /projects/:id/members', method: 'POST', path: (ids) => `/projects/${ids.P}/members`, body: () => ({ username: 'reviewer2', role: 'reviewer' }), expect: [401, 403, 403, 403, 403, 200, 200] },
  { key: 'PUT /projects/:id/members/:userId', method: 'PUT', path: (ids) => `/projects/${ids.P}/members/${ids.newbie}`, body: () => ({ role: 'pi' }), expect: [401, 403, 403, 403, 403, 200, 200] },
  { key: 'DELETE /projects/:id/members/:userId', method: 'DELETE', path: (ids) => `/projects/${ids.P}/members/${ids.newbie}`, expect: [401, 403, 403, 403, 403, 204, 404] },
  { key: 'GET /projects/:id/audit', method: 'GET', path: (ids) => `/projects/${ids.P}/audit`, expect: [401, 403, 403, 403, 403, 200, 200] },
  { key: 'GET /runs/:id/shares', method: 'GET', path: (ids) => `/runs/${ids.runS}/shares`, expect: [401, 403, 403, 403, 200, 200, 200] },
  { key: 'PUT /runs/:id/shares/:userId', method: 'PUT', path: (ids) => `/runs/${ids.runU}/shares/${ids.reviewer2}`, expect: [401, 403, 403, 403, 204, 204, 204] },
  { key: 'DELETE /runs/:id/shares/:userId', method: 'DELETE', path: (ids) => `/runs/${ids.runU}/shares/${ids.reviewer2}`, expect: [401, 403, 403, 403, 204, 404, 404] },
  { key: 'POST /datasets', method: 'POST', path: (ids) => `/datasets?projectId=${ids.P}`, body: upload, expect: [401, 403, 403, 403, 201, 201, 201] },
  { key: 'GET /datasets', method: 'GET', path: () => '/datasets', expect: READ_ALL },
  { key: 'GET /datasets/:id', method: 'GET', path: (ids) => `/datasets/${ids.D}`, expect: MEMBERS_READ },
  { key: 'POST /experiments', method: 'POST', path: (ids) => `/experiments?projectId=${ids.P}`, body: (c) => ({ spec: tinySpec(`tiny-${c}`) }), expect: [401, 403, 403, 403, 201, 201, 201] },
  { key: 'POST /experiments/validate', method: 'POST', path: () => '/experiments/validate', body: () => ({ spec: tinySpec() }), expect: READ_ALL },
  { key: 'GET /experiments', method: 'GET', path: () => '/experiments', expect: READ_ALL },
  { key: 'GET /experiments/:id', method: 'GET', path: (ids) => `/experiments/${ids.E}`, expect: MEMBERS_READ },
  { key: 'POST /runs', method: 'POST', path: () => '/runs', body: (_c, ids) => ({ experimentId: ids.E, datasetId: ids.D }), expect: [401, 403, 403, 403, 201, 201, 201] },
  { key: 'GET /runs', method: 'GET', path: () => '/runs', expect: READ_ALL },
  { key: 'GET /runs/:id', method: 'GET', path: (ids) => `/runs/${ids.runS}`, expect: SHARED_RUN_READ },
  { key: 'GET /runs/:id', method: 'GET', path: (ids) => `/runs/${ids.runU}`, expect: MEMBERS_READ },
  { key: 'GET /runs/:id/events', method: 'GET', path: (ids) => `/runs/${ids.runS}/events`, expect: SHARED_RUN_READ },
  { key: 'GET /runs/:id/events', method: 'GET', path: (ids) => `/runs/${ids.runU}/events`, expect: MEMBERS_READ },
  { key: 'POST /runs/:id/cancel', method: 'POST', path: (ids) => `/runs/${ids.queued}/cancel`, expect: [401, 403, 403, 403, 200, 409, 409] },
  { key: 'POST /runs/:id/resume', method: 'POST', path: (ids) => `/runs/${ids.queued}/resume`, expect: [401, 403, 403, 403, 200, null, null] },
  // run curation: read as the run; changed by a data scientist or owner (a repeat by the next caller finds the change made); deleted by the owner only
  { key: 'GET /runs/:id/curation', method: 'GET', path: (ids) => `/runs/${ids.runS}/curation`, expect: SHARED_RUN_READ },
  { key: 'GET /runs/:id/curation', method: 'GET', path: (ids) => `/runs/${ids.runU}/curation`, expect: MEMBERS_READ },
  { key: 'PATCH /runs/:id', method: 'PATCH', path: (ids) => `/runs/${ids.runS}`, body: (c) => ({ name: `named by ${c}` }), expect: CURATE(200, 200) },
  { key: 'PUT /runs/:id/tags/:tag', method: 'PUT', path: (ids) => `/runs/${ids.runS}/tags/cohort-a`, expect: CURATE(200, 200) },
  { key: 'DELETE /runs/:id/tags/:tag', method: 'DELETE', path: (ids) => `/runs/${ids.runS}/tags/cohort-a`, expect: CURATE(200, 404) },
  { key: 'POST /runs/:id/archive', method: 'POST', path: (ids) => `/runs/${ids.runS}/archive`, expect: CURATE(200, 409) },
  { key: 'POST /runs/:id/restore', method: 'POST', path: (ids) => `/runs/${ids.runS}/restore`, expect: CURATE(200, 409) },
  { key: 'PUT /runs/:id/final-model', method: 'PUT', path: (ids) => `/runs/${ids.runS}/final-model`, body: (_c, ids) => ({ modelId: ids.resS }), expect: CURATE(200, 200) },
  { key: 'DELETE /runs/:id/final-model', method: 'DELETE', path: (ids) => `/runs/${ids.runS}/final-model`, expect: CURATE(200, 404) },
  { key: 'DELETE /runs/:id', method: 'DELETE', path: (ids) => `/runs/${ids.runDel}`, expect: [401, 403, 403, 403, 403, 200, 404] },
  { key: 'GET /runs/:id/leaderboard', method: 'GET', path: (ids) => `/runs/${ids.runS}/leaderboard`, expect: SHARED_RUN_READ },
  { key: 'GET /runs/:id/leaderboard', method: 'GET', path: (ids) => `/runs/${ids.runU}/leaderboard`, expect: MEMBERS_READ },
  { key: 'GET /runs/:id/results.json', method: 'GET', path: (ids) => `/runs/${ids.runS}/results.json`, expect: SHARED_RUN_READ },
  { key: 'GET /runs/:id/results.json', method: 'GET', path: (ids) => `/runs/${ids.runU}/results.json`, expect: MEMBERS_READ },
  // the fixture's runs store no results header (no split, settings or dataset): a reader is told so (409), others are refused first
  ...(['checklist', 'checklist.md', 'checklist.html'] as const).flatMap((r): Row[] => [
    { key: `GET /runs/:id/${r}`, method: 'GET', path: (ids) => `/runs/${ids.runS}/${r}`, expect: [401, 403, 409, 409, 409, 409, 409] },
    { key: `GET /runs/:id/${r}`, method: 'GET', path: (ids) => `/runs/${ids.runU}/${r}`, expect: [401, 403, 403, 409, 409, 409, 409] },
  ]),
  { key: 'GET /runs/:id/predictions.csv', method: 'GET', path: (ids) => `/runs/${ids.runS}/predictions.csv`, expect: SHARED_RUN_READ },
  { key: 'GET /runs/:id/predictions.csv', method: 'GET', path: (ids) => `/runs/${ids.runU}/predictions.csv`, expect: MEMBERS_READ },
  { key: 'GET /results/:id', method: 'GET', path: (ids) => `/results/${ids.resS}`, expect: SHARED_RUN_READ },
  { key: 'GET /results/:id', method: 'GET', path: (ids) => `/results/${ids.resU}`, expect: MEMBERS_READ },
  { key: 'GET /compare', method: 'GET', path: (ids) => `/compare?runs=${ids.runS},${ids.runU}`, expect: MEMBERS_READ },
  { key: 'GET /compare', method: 'GET', path: (ids) => `/compare?models=${ids.resS},${ids.resU}`, expect: MEMBERS_READ },
  { key: 'GET /compare', method: 'GET', path: (ids) => `/compare?models=${ids.resS},${ids.resS}`, expect: SHARED_RUN_READ },
  { key: 'GET /runs/:id/survival/leaderboard', method: 'GET', path: (ids) => `/runs/${ids.runS}/survival/leaderboard`, expect: SHARED_RUN_READ },
  { key: 'GET /runs/:id/survival/leaderboard', method: 'GET', path: (ids) => `/runs/${ids.runU}/survival/leaderboard`, expect: MEMBERS_READ },
  { key: 'GET /runs/:id/survival/predictions.csv', method: 'GET', path: (ids) => `/runs/${ids.runS}/survival/predictions.csv`, expect: SHARED_RUN_READ },
  { key: 'GET /runs/:id/survival/predictions.csv', method: 'GET', path: (ids) => `/runs/${ids.runU}/survival/predictions.csv`, expect: MEMBERS_READ },
  { key: 'GET /runs/:id/survival/leaderboard.csv', method: 'GET', path: (ids) => `/runs/${ids.runS}/survival/leaderboard.csv`, expect: SHARED_RUN_READ },
  { key: 'GET /runs/:id/survival/leaderboard.csv', method: 'GET', path: (ids) => `/runs/${ids.runU}/survival/leaderboard.csv`, expect: MEMBERS_READ },
  { key: 'GET /survival/results/:id', method: 'GET', path: (ids) => `/survival/results/${ids.survS}`, expect: SHARED_RUN_READ },
  { key: 'GET /survival/results/:id', method: 'GET', path: (ids) => `/survival/results/${ids.survU}`, expect: MEMBERS_READ },
  // a compare needs both models' runs: the reviewer reads the shared one only
  { key: 'GET /survival/compare', method: 'GET', path: (ids) => `/survival/compare?a=${ids.survS}&b=${ids.survS}&resamples=100`, expect: SHARED_RUN_READ },
  { key: 'GET /survival/compare', method: 'GET', path: (ids) => `/survival/compare?a=${ids.survS}&b=${ids.survU}&resamples=100`, expect: MEMBERS_READ },
  { key: 'GET /survival/compare', method: 'GET', path: (ids) => `/survival/compare?a=${ids.survU}&b=${ids.survS}&resamples=100`, expect: MEMBERS_READ },
  { key: 'GET /leaderboard', method: 'GET', path: (ids) => `/leaderboard?runId=${ids.runS}`, expect: SHARED_RUN_READ },
  { key: 'GET /leaderboard', method: 'GET', path: (ids) => `/leaderboard?experimentId=${ids.E}`, expect: MEMBERS_READ },
  // the dashboard's data routes
  { key: 'GET /dashboard/leaderboard', method: 'GET', path: (ids) => `/dashboard/leaderboard?runId=${ids.runS}`, expect: SHARED_RUN_READ },
  { key: 'GET /dashboard/leaderboard', method: 'GET', path: (ids) => `/dashboard/leaderboard?runId=${ids.runU}`, expect: MEMBERS_READ },
  { key: 'GET /dashboard/leaderboard', method: 'GET', path: (ids) => `/dashboard/leaderboard?experimentId=${ids.E}`, expect: MEMBERS_READ },
  { key: 'GET /dashboard/leaderboard', method: 'GET', path: () => '/dashboard/leaderboard', expect: READ_ALL }, // rows: see the next test
  { key: 'GET /dashboard/results/:id', method: 'GET', path: (ids) => `/dashboard/results/${ids.resS}`, expect: SHARED_RUN_READ },
  { key: 'GET /dashboard/results/:id', method: 'GET', path: (ids) => `/dashboard/results/${ids.resU}`, expect: MEMBERS_READ },
  { key: 'GET /dashboard/results/:id/predictions.csv', method: 'GET', path: (ids) => `/dashboard/results/${ids.resS}/predictions.csv`, expect: SHARED_RUN_READ },
  { key: 'GET /dashboard/results/:id/predictions.csv', method: 'GET', path: (ids) => `/dashboard/results/${ids.resU}/predictions.csv`, expect: MEMBERS_READ },
  { key: 'GET /dashboard/compare', method: 'GET', path: (ids) => `/dashboard/compare?ids=${ids.resS},${ids.resU}`, expect: MEMBERS_READ },
  // radiomics extractions: launched by those who write datasets, read by those who read them
  { key: 'GET /extractions/folders', method: 'GET', path: () => '/extractions/folders', expect: READ_ALL },
  {
    key: 'POST /extractions',
    method: 'POST',
    path: (ids) => `/extractions?projectId=${ids.P}`,
    body: (c) => ({ folder: join(imageRoot, 'study'), params: STUDY_PARAMS, name: `study of ${c}` }),
    expect: [401, 403, 403, 403, 201, 201, 201],
  },
  { key: 'GET /extractions', method: 'GET', path: (ids) => `/extractions?projectId=${ids.P}`, expect: MEMBERS_READ },
  { key: 'GET /extractions/:id', method: 'GET', path: (ids) => `/extractions/${ids.X}`, expect: MEMBERS_READ },
  // locked models: made by those who launch runs (the stored run has no refit: 409 once access is granted), read as their run
  { key: 'POST /runs/:runId/models/:modelResultId/lock', method: 'POST', path: (ids) => `/runs/${ids.runS}/models/${ids.resS}/lock`, body: () => ({}), expect: [401, 403, 403, 403, 409, 409, 409] },
  { key: 'GET /projects/:id/locked-models', method: 'GET', path: (ids) => `/projects/${ids.P}/locked-models`, expect: PROJECT_READ }, // rows: see below
  { key: 'GET /results/:id/locked-models', method: 'GET', path: (ids) => `/results/${ids.resS}/locked-models`, expect: SHARED_RUN_READ },
  { key: 'GET /results/:id/locked-models', method: 'GET', path: (ids) => `/results/${ids.resU}/locked-models`, expect: MEMBERS_READ },
  { key: 'GET /survival/results/:id/locked-models', method: 'GET', path: (ids) => `/survival/results/${ids.survS}/locked-models`, expect: SHARED_RUN_READ },
  { key: 'GET /survival/results/:id/locked-models', method: 'GET', path: (ids) => `/survival/results/${ids.survU}/locked-models`, expect: MEMBERS_READ },
  { key: 'GET /locked-models/:id', method: 'GET', path: (ids) => `/locked-models/${ids.LS}`, expect: SHARED_RUN_READ },
  { key: 'GET /locked-models/:id', method: 'GET', path: (ids) => `/locked-models/${ids.LU}`, expect: MEMBERS_READ },
  { key: 'GET /locked-models/:id/file', method: 'GET', path: (ids) => `/locked-models/${ids.LS}/file`, expect: SHARED_RUN_READ },
  { key: 'GET /locked-models/:id/file', method: 'GET', path: (ids) => `/locked-models/${ids.LU}/file`, expect: MEMBERS_READ },
  // the stored text is no sealed file: 422 once access is granted
  { key: 'POST /locked-models/:id/validations', method: 'POST', path: (ids) => `/locked-models/${ids.LS}/validations`, body: (_c, ids) => ({ datasetId: ids.D }), expect: [401, 403, 403, 403, 422, 422, 422] },
  { key: 'GET /locked-models/:id/validations', method: 'GET', path: (ids) => `/locked-models/${ids.LS}/validations`, expect: SHARED_RUN_READ },
  { key: 'GET /locked-models/:id/validations', method: 'GET', path: (ids) => `/locked-models/${ids.LU}/validations`, expect: MEMBERS_READ },
  { key: 'GET /validations/:id', method: 'GET', path: (ids) => `/validations/${ids.VS}`, expect: SHARED_RUN_READ },
  { key: 'GET /validations/:id', method: 'GET', path: (ids) => `/validations/${ids.VU}`, expect: MEMBERS_READ },
];

describe.each(BACKENDS)('access control, every route by every role, on %s', (backend) => {
  let server: AccessApp;
  let world: World;

  beforeAll(async () => {
    server = await startAccessApp(backend);
    world = await buildWorld(server.url, server.dataSource);
    const spare = await world.call(world.who.admin, 'POST', '/auth/tokens', { name: 'spare' });
    world.ids.spareToken = spare.body.id;
    world.ids.runDel = (await storedRun(server.dataSource, world.ids.P, world.ids.E, world.ids.D)).runId;
    world.ids.queued = (await world.call(world.who.ds, 'POST', '/runs', { experimentId: world.ids.E, datasetId: world.ids.D })).body.id;
    world.ids.X = (await world.call(world.who.ds, 'POST', `/extractions?projectId=${world.ids.P}`, { folder: join(imageRoot, 'study'), params: STUDY_PARAMS })).body.id;
  });
  afterAll(async () => {
    await server?.close();
  });

  it('has a rule for every route it serves (a route without one is refused even to an admin), and a route for every rule', async () => {
    const served = new Set<string>();
    const router = server.app.getHttpAdapter().getInstance().router as { stack: { route?: { path: string; methods: Record<string, boolean> } }[] };
    for (const layer of router.stack) {
      if (!layer.route) continue;
      for (const method of Object.keys(layer.route.methods)) served.add(`${method.toUpperCase()} ${layer.route.path.replace(/^\/api/, '')}`);
    }
    const api = Object.keys(ACCESS_POLICY);
    expect(api.filter((k) => !served.has(k))).toEqual([]);
    for (const key of [...served].filter((k) => !(k in ACCESS_POLICY))) {
      const [method, path] = key.split(' ');
      const res = await world.call(world.who.admin, method, path.replace(/:\w+/g, world.ids.runS));
      expect(`${key}: ${res.status}`).toBe(`${key}: 403`);
    }
    const untested = ['POST /auth/login', 'GET /auth/link', 'POST /auth/logout', 'PUT /auth/password']; // access-security.test.ts
    expect(new Set(ROWS.map((r) => r.key))).toEqual(new Set(api.filter((k) => !untested.includes(k))));
  });

  it('answers each route with the expected 2xx/401/403 for each caller', async () => {
    const got: string[] = [];
    const want: string[] = [];
    for (const row of ROWS) {
      for (let i = 0; i < CALLERS.length; i++) {
        if (row.key === 'POST /users' && CALLERS[i] === 'admin') world.ids.newbie = '';
        const caller = CALLERS[i];
        const res = await world.call(world.who[caller], row.method, row.path(world.ids), row.body?.(caller, world.ids));
        if (row.key === 'POST /users' && res.status === 201) world.ids.newbie = res.body.user.id;
        if (row.expect[i] === null) continue;
        got.push(`${row.method} ${row.path(world.ids)} as ${caller}: ${res.status}`);
        want.push(`${row.method} ${row.path(world.ids)} as ${caller}: ${row.expect[i]}`);
        if (res.status !== row.expect[i]) got[got.length - 1] += ` (${res.text.slice(0, 160)})`;
      }
    }
    expect(got).toEqual(want);
  });

  it("a project's locked models list only those of runs each caller may read", async () => {
    const seen = async (caller: CallerName) => {
      const res = await world.call(world.who[caller], 'GET', `/projects/${world.ids.P}/locked-models`);
      expect(res.status, caller).toBe(200);
      return res.body.map((l: { id: string }) => l.id).sort();
    };
    expect(await seen('reviewer')).toEqual([world.ids.LS]);
    for (const caller of ['pi', 'ds', 'owner', 'admin'] as const) expect(await seen(caller)).toEqual([world.ids.LS, world.ids.LU].sort());
  });

  it('the cross-run dashboard leaderboard lists only the runs each caller may read', async () => {
    const runsSeen = async (caller: CallerName) => {
      const res = await world.call(world.who[caller], 'GET', '/dashboard/leaderboard?limit=500');
      expect(res.status, caller).toBe(200);
      return [...new Set(res.body.items.map((r: { runId: string }) => r.runId))].sort();
    };
    const both = [world.ids.runS, world.ids.runU].sort();
    expect(await runsSeen('outsider')).toEqual([]);
    expect(await runsSeen('reviewer')).toEqual([world.ids.runS]);
    for (const caller of ['pi', 'ds', 'owner', 'admin'] as const) expect(await runsSeen(caller)).toEqual(both);
  });
});
