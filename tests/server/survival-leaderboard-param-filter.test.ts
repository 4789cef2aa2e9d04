import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKENDS } from './support/databases';
import { api, authHeaders, startAdminServer } from './support/api';
import { storedRun, TINY_CSV, tinySpec } from './support/access-fixture';
import { SURVIVAL_CONFIGURATIONS, storedSurvivalConfigurations } from './support/survival-configurations';

type Row = (typeof SURVIVAL_CONFIGURATIONS)[number];
/** The filter's meaning written out in plain JS (the SQL must agree with it). */
const num = (p: Record<string, unknown>, k: string) => (typeof p[k] === 'number' ? (p[k] as number) : null);
const EXPECT: Record<string, (r: Row) => boolean> = {
  'l2<=0.5,ties=efron': ([, p]) => num(p, 'l2') !== null && num(p, 'l2')! <= 0.5 && p.ties === 'efron',
  'l2>=0.1': ([, p]) => num(p, 'l2') !== null && num(p, 'l2')! >= 0.1,
  'n_estimators>=100': ([, p]) => num(p, 'n_estimators') !== null && num(p, 'n_estimators')! >= 100,
  'n_estimators>=100,n_estimators<=300': ([, p]) => num(p, 'n_estimators') !== null && num(p, 'n_estimators')! >= 100 && num(p, 'n_estimators')! <= 300,
  'mtry=null': ([, p]) => 'mtry' in p && p.mtry === null,
  ' learning_rate <= 0.1 ': ([, p]) => num(p, 'learning_rate') !== null && num(p, 'learning_rate')! <= 0.1,
  'lambda>=0.01,standardize=true': ([, p]) => num(p, 'lambda') !== null && num(p, 'lambda')! >= 0.01 && p.standardize === true,
  'C=1.0': ([, p]) => p.C === 1,
  'l2>=0,n_estimators>=1': () => false, // no model has both
};

/** `?params=` on the per-run survival leaderboard: the binary leaderboards' vocabulary, in SQL on both stores; bad input a 422 naming it. */
describe.each(BACKENDS)('survival leaderboard hyper-parameter filter on %s', (backend) => {
  let server: Awaited<ReturnType<typeof startAdminServer>>;
  let runId: string;
  /** survival model result id of each SURVIVAL_CONFIGURATIONS entry. */
  const ids: string[] = [];

  beforeAll(async () => {
    server = await startAdminServer(backend);
    const P = (await api(server.base, 'POST', '/projects', { name: 'Survival params' })).body.id;
    const form = new FormData();
    form.append('file', new Blob([TINY_CSV]), 'tiny.csv');
    const D = (await (await fetch(`${server.base}/api/datasets?projectId=${P}`, { method: 'POST', body: form, headers: authHeaders(server.base) })).json()).id;
    const E = (await api(server.base, 'POST', `/experiments?projectId=${P}`, { spec: tinySpec() })).body.id;
    const ds = server.db.dataSource;
    runId = (await storedRun(ds, P, E, D)).runId;
    ids.push(...(await storedSurvivalConfigurations(ds, runId)));
  }, 300_000);
  afterAll(async () => {
    await server?.close();
  });

  const board = async (params?: string) => {
    const res = await api(server.base, 'GET', `/runs/${runId}/survival/leaderboard${params === undefined ? '' : `?params=${encodeURIComponent(params)}`}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body.endpoints[0].rows as { id: string; best: boolean }[];
  };

  it('keeps exactly the rows whose chosen parameters meet every condition; the row best by CV stays the one of all rows', async () => {
    const all = await board();
    expect(all.map((r) => r.id).sort()).toEqual([...ids].sort());
    const best = all.filter((r) => r.best).map((r) => r.id);
    expect(best).toEqual([ids[2]]); // highest mean CV C-index
    for (const [filter, keep] of Object.entries(EXPECT)) {
      const rows = await board(filter);
      expect(rows.map((r) => r.id).sort(), filter).toEqual(SURVIVAL_CONFIGURATIONS.flatMap((r, k) => (keep(r) ? [ids[k]] : [])).sort());
      // the filter cuts rows, never the choice: a row keeps its `best`, and its order is the unfiltered one
      expect(rows, filter).toEqual(all.filter((r) => rows.some((x) => x.id === r.id)));
    }
    // sanity of the table above: the filters do cut
    expect(await board('n_estimators>=100')).toHaveLength(2);
    expect((await board('n_estimators>=100,n_estimators<=300')).map((r) => [r.id, r.best])).toEqual([[ids[2], true]]);
    // with the endpoint named
    const res = await api(server.base, 'GET', `/runs/${runId}/survival/leaderboard?endpoint=rfs&params=${encodeURIComponent('ties=efron')}`);
    expect(res.body.endpoints.map((e: { rows: { id: string }[] }) => e.rows.map((r) => r.id))).toEqual([[ids[0]]]);
  });

  it('refuses an unknown name, a malformed condition and a bound that is not a number with a 422 naming it', async () => {
    const cases: [string, RegExp][] = [
      ['ties=efron,depth<=3', /unknown hyper-parameter 'depth'/],
      ['l2<=big', /the bound of 'l2<=' must be a number, got 'big'/],
      ['n_estimators~1', /'n_estimators~1' is not a condition/],
      ['l2>=', /'l2>=' is not a condition/],
    ];
    for (const [params, message] of cases) {
      const res = await api(server.base, 'GET', `/runs/${runId}/survival/leaderboard?params=${encodeURIComponent(params)}`);
      expect(`${params}: ${res.status}`).toBe(`${params}: 422`);
      expect(res.body.message).toMatch(message);
    }
  });
});
