import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evidenceKey } from '@radsweep/api-contract';
import { runChecklists, type Checklist } from '@radsweep/pipeline';
import { BACKENDS } from './support/databases';
import { api, authHeaders, smallSpec, startAdminServer, upload, waitForRun, wdbcBytes } from './support/api';
import { rotterdamSubset, survivalSpec } from './support/survival';

/** WDBC with three mean_radius cells blanked: the run imputes them, the checklist must count them from the stored dataset. */
function holedWdbc(): string {
  const lines = wdbcBytes().toString('utf8').trim().split('\n');
  const col = lines[0].split(',').indexOf('mean_radius');
  return [lines[0], ...lines.slice(1).map((l, r) => (r === 2 || r === 9 || r === 30 ? l.split(',').map((c, i) => (i === col ? '' : c)).join(',') : l))].join('\n') + '\n';
}

describe.each(BACKENDS)('reporting checklists through the API on %s', (backend) => {
  let server: Awaited<ReturnType<typeof startAdminServer>>;
  let runId: string;
  let cancelledRun: string;
  let survivalRun: string;

  beforeAll(async () => {
    server = await startAdminServer(backend);
    const ds = await upload(server.base, 'wdbc.csv', holedWdbc(), { labelColumn: 'label' });
    const exp = await api(server.base, 'POST', '/experiments', { spec: smallSpec() });
    const run = await api(server.base, 'POST', '/runs', { experimentId: exp.body.id, datasetId: ds.body.id });
    runId = run.body.id;
    await waitForRun(server.base, runId);
    // launched and cancelled at once (its two tasks take seconds; the cancel answers in milliseconds)
    cancelledRun = (await api(server.base, 'POST', '/runs', { experimentId: exp.body.id, datasetId: ds.body.id })).body.id;
    expect((await api(server.base, 'POST', `/runs/${cancelledRun}/cancel`)).status).toBe(200);
    const rot = await upload(server.base, 'rotterdam.csv', rotterdamSubset());
    const sexp = await api(server.base, 'POST', '/experiments', { spec: survivalSpec() });
    survivalRun = (await api(server.base, 'POST', '/runs', { experimentId: sexp.body.id, datasetId: rot.body.id })).body.id;
    await waitForRun(server.base, survivalRun);
  });
  afterAll(async () => {
    await server?.close();
  });

  it('serves both checklists built from the stored run, equal to the engine on the exported results', async () => {
    const res = await api(server.base, 'GET', `/runs/${runId}/checklist`);
    expect(res.status).toBe(200);
    const lists = res.body.checklists as Checklist[];
    expect(lists.map((c) => c.guideline)).toEqual(['TRIPOD+AI (2024)', 'CLAIM (2024)']);
    const exported = (await api(server.base, 'GET', `/runs/${runId}/results.json`)).body;
    const profile = { columns: [{ name: 'mean_radius', missing: 3 }] };
    expect(lists).toEqual(JSON.parse(JSON.stringify(runChecklists(exported, profile))));
  });

  it("missing data comes from the stored dataset's counts: 3 cells in one of the mean_* columns", async () => {
    const lists = (await api(server.base, 'GET', `/runs/${runId}/checklist`)).body.checklists as Checklist[];
    const item11 = lists[0].items.find((i) => i.id === '11')!;
    expect(item11.status).toBe('filled');
    expect(item11.answer).toContain('mean: 3 missing cells in 1 of 10 candidate columns');
    expect(item11.answer).toContain('worst: 0 missing cells in 0 of 10 candidate columns');
  });

  it('every evidence link resolves: model pages to this run\'s model results, downloads to 200s', async () => {
    const body = (await api(server.base, 'GET', `/runs/${runId}/checklist`)).body;
    const urls = Object.values(body.links as Record<string, string>);
    const models = urls.filter((u) => u.startsWith('/#/model/'));
    expect(models.length).toBeGreaterThan(0);
    for (const u of models) {
      const record = await api(server.base, 'GET', `/results/${u.slice('/#/model/'.length)}`);
      expect(record.status).toBe(200);
      expect(record.body.runId).toBe(runId);
    }
    for (const u of urls.filter((x) => x.startsWith('/api/'))) {
      const res = await fetch(server.base + u, { headers: authHeaders(server.base) });
      expect(res.status, u).toBe(200);
    }
  });

  it('exports Markdown and a printable HTML page (no script)', async () => {
    const md = await fetch(`${server.base}/api/runs/${runId}/checklist.md`, { headers: authHeaders(server.base) });
    expect(md.headers.get('content-type')).toMatch(/text\/markdown/);
    const text = await md.text();
    expect(text).toMatch(/^# Reporting checklists: run /);
    expect(text).toContain('## TRIPOD+AI (2024)');
    expect(text).toContain(`(/#/leaderboard?runId=${runId}&featureSet=mean)`);
    const html = await fetch(`${server.base}/api/runs/${runId}/checklist.html`, { headers: authHeaders(server.base) });
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    const page = await html.text();
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain('@media print');
  });

  it('a survival run gets its checklists: equal to the engine on its export, links to its endpoint leaderboard and survival model records', async () => {
    const res = await api(server.base, 'GET', `/runs/${survivalRun}/checklist`);
    expect(res.status).toBe(200);
    const exported = (await api(server.base, 'GET', `/runs/${survivalRun}/results.json`)).body;
    expect(exported.kind).toBe('survival');
    expect(res.body.checklists).toEqual(JSON.parse(JSON.stringify(runChecklists(exported, { columns: [] }))));
    const urls = Object.values(res.body.links as Record<string, string>);
    expect(urls).toContain(`/#/survival?runId=${survivalRun}&endpoint=rfs`);
    expect(urls).toContain(`/api/runs/${survivalRun}/survival/predictions.csv`);
    const models = urls.filter((u) => u.startsWith('/#/survival-model/'));
    expect(models.length).toBeGreaterThan(0);
    for (const u of models) expect((await api(server.base, 'GET', `/survival/results/${u.slice('/#/survival-model/'.length)}`)).status).toBe(200);
  });

  it("every evidence reference of a survival run's checklists has a link, and every link resolves: model pages to this run's survival records of that endpoint and feature set, leaderboards to the endpoint's leaderboard, downloads to 200s", async () => {
    const body = (await api(server.base, 'GET', `/runs/${survivalRun}/checklist`)).body;
    const links = body.links as Record<string, string>;
    const refs = (body.checklists as Checklist[]).flatMap((c) => c.items.flatMap((i) => i.evidence));
    for (const r of refs) expect(links[evidenceKey(r)], evidenceKey(r)).toBeTruthy();
    for (const r of refs.filter((x) => x.target === 'model')) {
      const record = await api(server.base, 'GET', `/survival/results/${links[evidenceKey(r)].slice('/#/survival-model/'.length)}`);
      expect(record.status).toBe(200);
      expect(record.body.row).toMatchObject({ runId: survivalRun, endpoint: r.endpoint, featureSet: r.featureSet, model: r.model });
    }
    for (const r of refs.filter((x) => x.target === 'leaderboard')) {
      const q = new URLSearchParams(links[evidenceKey(r)].split('?')[1]);
      const board = await api(server.base, 'GET', `/runs/${q.get('runId')}/survival/leaderboard?endpoint=${q.get('endpoint')}`);
      expect(board.status).toBe(200);
      expect(JSON.stringify(board.body)).toContain(`"${r.featureSet}"`);
    }
    const downloads = Object.values(links).filter((x) => x.startsWith('/api/'));
    expect(downloads).toEqual(expect.arrayContaining([`/api/runs/${survivalRun}/results.json`, `/api/runs/${survivalRun}/survival/predictions.csv`]));
    for (const u of downloads) {
      const res = await fetch(server.base + u, { headers: authHeaders(server.base) });
      expect(res.status, u).toBe(200);
    }
  });

  it("exports a survival run's checklists as Markdown and a printable HTML page, with its endpoint's links", async () => {
    const md = await (await fetch(`${server.base}/api/runs/${survivalRun}/checklist.md`, { headers: authHeaders(server.base) })).text();
    expect(md).toContain('## CLAIM (2024)');
    expect(md).toContain(`(/#/survival?runId=${survivalRun}&endpoint=rfs)`);
    expect(md).toContain("highest mean CV Harrell's C");
    const html = await fetch(`${server.base}/api/runs/${survivalRun}/checklist.html`, { headers: authHeaders(server.base) });
    expect(html.status).toBe(200);
    const page = await html.text();
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).not.toMatch(/<script/i);
    expect(page).toContain(`<a href="/#/survival?runId=${survivalRun}&amp;endpoint=rfs">leaderboard: rfs / clinical</a>`);
  });

  it('refuses a run that did not succeed (409, saying why) and an unknown one (404)', async () => {
    await waitForRun(server.base, cancelledRun);
    const res = await api(server.base, 'GET', `/runs/${cancelledRun}/checklist`);
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('is cancelled: its checklists need a finished run');
    expect((await api(server.base, 'GET', '/runs/00000000-0000-4000-8000-000000000000/checklist')).status).toBe(404);
  });
});
