import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/databases';
import { api, authHeaders, startAdminServer } from './support/api';
import { storedRun, TINY_CSV, tinySpec } from './support/access-fixture';

/** Chosen hyper-parameters of the stored rows: run index, model id, best_params. */
const ROWS: [number, string, Record<string, unknown>][] = [
  [0, 'logistic_regression', { C: 0.1, fit_intercept: false }],
  [0, 'decision_tree', { max_depth: 3 }],
  [1, 'logistic_regression', { C: 10, fit_intercept: true }],
  [1, 'decision_tree', { max_depth: null }],
  [2, 'logistic_regression', { C: 100, fit_intercept: true }],
  [2, 'decision_tree', { max_depth: 5 }],
  [3, 'knn', { n_neighbors: 7, weights: 'distance' }],
];

type Row = (typeof ROWS)[number];
/** The filter's meaning written out in plain JS (the SQL must agree with it). */
const num = (p: Record<string, unknown>, k: string) => (typeof p[k] === 'number' ? (p[k] as number) : null);
const EXPECT: Record<string, (r: Row) => boolean> = {
  'C>=0.1,C<=10': ([, , p]) => num(p, 'C') !== null && num(p, 'C')! >= 0.1 && num(p, 'C')! <= 10,
  'max_depth<=5': ([, , p]) => num(p, 'max_depth') !== null && num(p, 'max_depth')! <= 5,
  'max_depth<=4': ([, , p]) => num(p, 'max_depth') !== null && num(p, 'max_depth')! <= 4,
  'max_depth=null': ([, , p]) => 'max_depth' in p && p.max_depth === null,
  'fit_intercept=true': ([, , p]) => p.fit_intercept === true,
  ' fit_intercept = true , C >= 50 ': ([, , p]) => p.fit_intercept === true && num(p, 'C')! >= 50,
  'weights=distance': ([, , p]) => p.weights === 'distance',
  'C=10.0': ([, , p]) => p.C === 10,
  'n_neighbors>=5,C>=0': () => false, // no model has both
};

/** Hyper-parameter filters of the leaderboards and the runs list, in SQL on both stores; an unknown name is a 422 naming it. */
describe.each(BACKENDS)('hyper-parameter filters on %s', (backend) => {
  let server: Awaited<ReturnType<typeof startAdminServer>>;
  let E: string;
  const runs: string[] = [];
  /** model result id of each ROWS entry. */
  const ids: string[] = [];

  beforeAll(async () => {
    server = await startAdminServer(backend);
    const P = (await api(server.base, 'POST', '/projects', { name: 'Params' })).body.id;
    const form = new FormData();
    form.append('file', new Blob([TINY_CSV]), 'tiny.csv');
    const D = (await (await fetch(`${server.base}/api/datasets?projectId=${P}`, { method: 'POST', body: form, headers: authHeaders(server.base) })).json()).id;
    E = (await api(server.base, 'POST', `/experiments?projectId=${P}`, { spec: tinySpec() })).body.id;
    const ds = server.db.dataSource;
    for (let i = 0; i < 4; i++) runs.push((await storedRun(ds, P, E, D)).runId);
    for (const [k, [run, model, params]] of ROWS.entries()) {
      const [row] = await ds.query(
        `INSERT INTO "model_results" ("run_id", "feature_set_result_id", "feature_set", "model", "label", "position", "best_params", "cv_auc_mean", "cv_auc_sd", "record")
         SELECT "run_id", "feature_set_result_id", "feature_set", $2, $2, $3, $4::jsonb, $5, 0.01, '{}' FROM "model_results" WHERE "run_id" = $1 AND "model" = 'gaussian_nb' RETURNING "id"`,
        [runs[run], model, k + 1, JSON.stringify(params), 0.6 + k / 100],
      );
      ids.push(row.id);
    }
    // the fixture's own gaussian_nb rows take no parameter: out of every filter below
    await ds.query(`DELETE FROM "model_results" WHERE "model" = 'gaussian_nb' AND "run_id" = ANY($1::uuid[])`, [runs]);
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  const board = async (path: string, params: string, extra = '') => {
    const res = await api(server.base, 'GET', `${path}?experimentId=${E}&limit=500&params=${encodeURIComponent(params)}${extra}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return (res.body.items as { id: string }[]).map((r) => r.id).sort();
  };

  it('keeps exactly the rows whose chosen parameters meet every condition, in both leaderboards', async () => {
    for (const [filter, keep] of Object.entries(EXPECT)) {
      const expected = ROWS.flatMap((r, k) => (keep(r) ? [ids[k]] : [])).sort();
      expect(await board('/leaderboard', filter), filter).toEqual(expected);
      expect(await board('/dashboard/leaderboard', filter), filter).toEqual(expected);
    }
    // sanity of the table above: the filters do cut
    expect(await board('/leaderboard', 'C>=0.1,C<=10')).toHaveLength(2);
    expect(await board('/leaderboard', 'max_depth<=5')).toHaveLength(2);
    // with a model and the CV range; `total` counts the filtered rows
    const res = await api(server.base, 'GET', `/leaderboard?experimentId=${E}&model=logistic_regression&params=${encodeURIComponent('C>=1')}&minCvAuc=0.6`);
    expect(res.body.items.map((r: { id: string }) => r.id).sort()).toEqual([ids[2], ids[4]].sort());
    expect(res.body.total).toBe(2);
    // a row filter never changes a group's choice by CV (the best of run 2's group is its highest CV AUC, max_depth 5)
    const filtered = await api(server.base, 'GET', `/runs/${runs[2]}/leaderboard?params=${encodeURIComponent('C>=1')}`);
    expect(filtered.body.items.map((r: { id: string; best: boolean }) => [r.id, r.best])).toEqual([[ids[4], false]]);
    expect(filtered.body.groups[0].bestId).toBe(ids[5]);
  });

  it('filters the runs list by model and by hyper-parameters of one model result', async () => {
    const list = async (q: string) => {
      const res = await api(server.base, 'GET', `/runs?experimentId=${E}${q}`);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return (res.body as { id: string }[]).map((r) => r.id).sort();
    };
    expect(await list('&model=knn')).toEqual([runs[3]]);
    expect(await list('&model=decision_tree')).toEqual(runs.slice(0, 3).sort());
    expect(await list(`&params=${encodeURIComponent('max_depth<=4')}`)).toEqual([runs[0]]);
    expect(await list(`&params=${encodeURIComponent('fit_intercept=true,C<=10')}`)).toEqual([runs[1]]);
    // both conditions on ONE model result: run 0 has C 0.1 (logistic regression) and max_depth 3 (tree) in different rows
    expect(await list(`&params=${encodeURIComponent('C<=1,max_depth<=3')}`)).toEqual([]);
    expect(await list(`&model=decision_tree&params=${encodeURIComponent('max_depth=null')}`)).toEqual([runs[1]]);
  });

  it('refuses an unknown or misplaced name, a malformed condition and a bound that is not a number with a 422 naming it', async () => {
    const cases: [string, RegExp][] = [
      [`/leaderboard?params=${encodeURIComponent('Cee>=1')}`, /unknown hyper-parameter 'Cee'/],
      [`/dashboard/leaderboard?params=${encodeURIComponent('C>=1,depth<=3')}`, /unknown hyper-parameter 'depth'/],
      [`/runs/${runs[0]}/leaderboard?model=knn&params=${encodeURIComponent('C>=1')}`, /model 'knn' has no hyper-parameter 'C'; its hyper-parameters: .*n_neighbors/],
      [`/runs?params=${encodeURIComponent('max_depth<=deep')}`, /the bound of 'max_depth<=' must be a number, got 'deep'/],
      [`/leaderboard?params=${encodeURIComponent('C~1')}`, /'C~1' is not a condition/],
      [`/runs?params=${encodeURIComponent('C>=')}`, /'C>=' is not a condition/],
    ];
    for (const [path, message] of cases) {
      const res = await api(server.base, 'GET', path);
      expect(`${path}: ${res.status}`).toBe(`${path}: 422`);
      expect(res.body.message).toMatch(message);
    }
  });
});
