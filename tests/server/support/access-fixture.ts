import { DataSource } from 'typeorm';
import { FeatureSetResultEntity } from '../../../apps/server/src/results/feature-set-result.entity';
import { ModelResultEntity } from '../../../apps/server/src/results/model-result.entity';
import { PredictionSetEntity } from '../../../apps/server/src/results/prediction-set.entity';
import { RunEntity } from '../../../apps/server/src/runs/run.entity';
import { SurvivalEndpointEntity, SurvivalFeatureSetResultEntity, SurvivalModelResultEntity, SurvivalPredictionSetEntity } from '../../../apps/server/src/survival/survival.entities';
import { testSetSha256 } from '../../../apps/server/src/survival/survival-writer';
import { firstStart } from '../../../apps/server/src/auth/first-start';
import { Caller, client, sessionCookie } from './access';

export const ROLE_NAMES = ['owner', 'ds', 'pi', 'reviewer', 'outsider'] as const;
/** The callers of the route table, in the order a table row lists their expected statuses. */
export const CALLERS = ['anonymous', 'outsider', 'reviewer', 'pi', 'ds', 'owner', 'admin'] as const;
export type CallerName = (typeof CALLERS)[number];

export const TINY_CSV = 'id,label,x,y\n' + [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1].map((label, i) => `${i + 1},${label},${(label + i / 20).toFixed(2)},${i % 3}`).join('\n') + '\n';

/**
 * A stored finished run with one model's record and test predictions, written
 * straight to the store (no engine), inside `projectId`.
 */
export async function storedRun(ds: DataSource, projectId: string, experimentId: string, datasetId: string): Promise<{ runId: string; resultId: string }> {
  const m = ds.manager;
  const run = await m.save(RunEntity, {
    experimentId,
    datasetId,
    status: 'succeeded',
    seed: 7,
    testIds: null,
    split: { type: 'stratified_holdout', trainIds: ['1', '2'], testIds: ['3', '4'] },
    cv: { type: 'stratified_kfold', foldsPerRepeat: 2, repeats: 1, foldOfTrainId: [[0, 1]] },
    header: { seed: 7 },
    software: { node: process.version },
    tasksTotal: 1,
    tasksDone: 1,
    error: null,
    startedAt: new Date(),
    finishedAt: new Date(),
  });
  const fsr = await m.save(FeatureSetResultEntity, { runId: run.id, name: 'all', position: 0, features: ['x', 'y'], classBalance: {}, selection: { steps: [] }, folds: [], timings: {} });
  const mr = await m.save(ModelResultEntity, {
    runId: run.id,
    featureSetResultId: fsr.id,
    featureSet: 'all',
    model: 'gaussian_nb',
    label: 'Gaussian NB',
    position: 0,
    bestParams: {},
    cvAucMean: 0.75,
    cvAucSd: 0.1,
    testAuc: 1,
    testAucLower: 1,
    testAucUpper: 1,
    accuracy: 1,
    recall: 1,
    specificity: 1,
    f1: 1,
    brier: 0.1,
    record: { model: 'gaussian_nb' },
    error: null,
  });
  await m.save(PredictionSetEntity, { modelResultId: mr.id, kind: 'test', ids: ['3', '4'], labels: [0, 1], probabilities: [0.2, 0.8] });
  await ds.query(`UPDATE "runs" SET "project_id" = $1 WHERE "id" = $2`, [projectId, run.id]);
  return { runId: run.id, resultId: mr.id };
}

/** A stored survival model result (endpoint, feature set, model, test predictions of 6 patients) in run `runId`, written straight to the store. */
export async function storedSurvivalResult(ds: DataSource, runId: string): Promise<string> {
  const m = ds.manager;
  const testIds = ['1', '2', '3', '4', '5', '6'];
  const endpoint = await m.save(SurvivalEndpointEntity, {
    runId,
    name: 'rfs',
    position: 0,
    timeColumn: 'x',
    eventColumn: 'label',
    eventCodes: [1],
    horizons: [2],
    competingEvents: { count: 0, handling: 'censored at their time (cause-specific)' as const },
    cohort: { n: 12, events: 6 },
    testSetSha256: testSetSha256(testIds),
    split: { type: 'stratified_holdout', testIds, trainIds: ['7', '8'] },
    cv: { type: 'stratified_kfold', foldsPerRepeat: 2, repeats: 1, foldOfTrainId: [[0, 1]] },
  });
  const fs = await m.save(SurvivalFeatureSetResultEntity, { runId, endpointId: endpoint.id, name: 'all', position: 0, features: ['y'], events: { test: { n: 6, events: 3 } }, selection: {}, folds: [], timings: {} });
  const model = await m.save(SurvivalModelResultEntity, {
    runId,
    endpointId: endpoint.id,
    featureSetResultId: fs.id,
    endpoint: 'rfs',
    featureSet: 'all',
    model: 'cox_ph',
    label: 'Cox PH',
    position: 0,
    bestParams: {},
    cvCMean: 0.7,
    cvCSd: 0.1,
    testHarrellC: 0.75,
    atHorizons: [],
    curves: null,
    record: { model: 'cox_ph', cv: { perConfig: [] }, selectedFeatures: [], predictedAt: [2] },
    error: null,
  });
  await m.save(SurvivalPredictionSetEntity, {
    modelResultId: model.id,
    kind: 'test',
    ids: testIds,
    times: [1, 2, 3, 4, 5, 6],
    events: [1, 0, 1, 1, 0, 0],
    linearPredictors: [0.9, 0.1, 0.5, 0.2, 0.3, 0.0],
    predictedAt: [2],
    survival: [0.5, 0.9, 0.7, 0.8, 0.75, 0.95],
    folds: null,
  });
  return model.id;
}

/**
 * A locked model of a stored run and one finished validation of it, written straight to the store (its
 * text is not a sealed file: no engine ran). Returns ids `L<suffix>` and `V<suffix>`.
 */
export async function storedLockedModel(ds: DataSource, projectId: string, run: { runId: string; resultId: string }, datasetId: string, suffix: string): Promise<Record<string, string>> {
  const [locked] = await ds.query(
    `INSERT INTO "locked_models" ("project_id", "run_id", "model_result_id", "name", "feature_set", "model", "endpoint_type", "sha256", "file_sha256", "format_version", "verification", "text")
     VALUES ($1, $2, $3, 'NB', 'all', 'gaussian_nb', 'binary', $4, $4, 1, '{}', '{"format":"not sealed"}') RETURNING "id"`,
    [projectId, run.runId, run.resultId, 'c'.repeat(64)],
  );
  const [validation] = await ds.query(
    `INSERT INTO "external_validations" ("project_id", "locked_model_id", "dataset_id", "bootstrap", "status", "report") VALUES ($1, $2, $3, 0, 'done', '{}') RETURNING "id"`,
    [projectId, locked.id, datasetId],
  );
  return { [`L${suffix}`]: locked.id, [`V${suffix}`]: validation.id };
}

export interface World {
  call: ReturnType<typeof client>;
  seen: string[];
  who: Record<CallerName, Caller>;
  ids: Record<string, string>;
  /** Every secret handed out: passwords, API tokens, session cookies. */
  secrets: { passwords: string[]; tokens: string[]; cookies: string[] };
  firstStartMessage: string;
}

/**
 * The cast: the first-start admin (signed in by its one-time link), users of
 * each role in project P (outsider: owner of project Q), each with an API token;
 * in P a dataset, an experiment and two stored runs, one shared with the reviewer.
 */
export async function buildWorld(base: string, ds: DataSource): Promise<World> {
  const seen: string[] = [];
  const call = client(base, seen);
  const secrets = { passwords: [] as string[], tokens: [] as string[], cookies: [] as string[] };
  const ids: Record<string, string> = {};
  const message = (await firstStart(ds, { embedded: true, baseUrl: base }))!;
  const link = /\/api(\/auth\/link\?token=\S+)/.exec(message)![1];
  const adminSession = sessionCookie(await call(null, 'GET', link));
  secrets.cookies.push(adminSession);
  const who = { anonymous: null } as Record<CallerName, Caller>;
  const newToken = async (caller: Caller, name: string) => {
    const res = await call(caller, 'POST', '/auth/tokens', { name });
    if (res.status !== 201) throw new Error(`token: ${res.status} ${res.text}`);
    secrets.tokens.push(res.body.token);
    return res.body.token as string;
  };
  who.admin = { token: await newToken({ cookie: adminSession }, 'admin script') };
  for (const name of [...ROLE_NAMES, 'reviewer2']) {
    const password = `pw-${name}-${Math.random().toString(36).slice(2)}-long`;
    secrets.passwords.push(password);
    const created = await call(who.admin, 'POST', '/users', { username: name, password });
    if (created.status !== 201) throw new Error(`user ${name}: ${created.status} ${created.text}`);
    ids[name] = created.body.user.id;
    const login = await call(null, 'POST', '/auth/login', { username: name, password });
    const cookie = sessionCookie(login);
    secrets.cookies.push(cookie);
    if (name !== 'reviewer2') who[name as CallerName] = { token: await newToken({ cookie }, `${name} cli`) };
  }
  ids.P = (await call(who.owner, 'POST', '/projects', { name: 'Lung nodules' })).body.id;
  ids.Q = (await call(who.outsider, 'POST', '/projects', { name: 'Other study' })).body.id;
  for (const [name, role] of [['ds', 'data_scientist'], ['pi', 'pi'], ['reviewer', 'reviewer'], ['reviewer2', 'reviewer']]) {
    const res = await call(who.owner, 'PUT', `/projects/${ids.P}/members/${ids[name]}`, { role });
    if (res.status !== 200) throw new Error(`member ${name}: ${res.status} ${res.text}`);
  }
  const form = new FormData();
  form.append('file', new Blob([TINY_CSV]), 'tiny.csv');
  const upload = await call(who.ds, 'POST', `/datasets?projectId=${ids.P}`, form);
  if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${upload.text}`);
  ids.D = upload.body.id;
  const exp = await call(who.ds, 'POST', `/experiments?projectId=${ids.P}`, { spec: tinySpec() });
  if (exp.status !== 201) throw new Error(`experiment: ${exp.status} ${exp.text}`);
  ids.E = exp.body.id;
  const shared = await storedRun(ds, ids.P, ids.E, ids.D);
  const unshared = await storedRun(ds, ids.P, ids.E, ids.D);
  Object.assign(ids, { runS: shared.runId, resS: shared.resultId, runU: unshared.runId, resU: unshared.resultId });
  ids.survS = await storedSurvivalResult(ds, shared.runId);
  Object.assign(ids, await storedLockedModel(ds, ids.P, shared, ids.D, 'S'), await storedLockedModel(ds, ids.P, unshared, ids.D, 'U'));
  ids.survU = await storedSurvivalResult(ds, unshared.runId);
  const share = await call(who.ds, 'PUT', `/runs/${ids.runS}/shares/${ids.reviewer}`);
  if (share.status !== 204) throw new Error(`share: ${share.status} ${share.text}`);
  return { call, seen, who, ids, secrets, firstStartMessage: message };
}

export function tinySpec(name = 'tiny'): Record<string, unknown> {
  return {
    name,
    seed: 1,
    dataset: { path: 'tiny.csv', idColumn: 'id', labelColumn: 'label', positiveClass: 1 },
    featureSets: [{ name: 'all', include: ['x', 'y'] }],
    validation: { split: { type: 'stratified_holdout', testSize: 0.5 }, cv: { type: 'stratified_kfold', folds: 2 } },
    models: [{ id: 'gaussian_nb' }],
    metrics: { threshold: 0.5, bootstrap: 10, calibrationBins: 2 },
  };
}
