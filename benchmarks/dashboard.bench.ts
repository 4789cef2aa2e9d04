/**
 * Dashboard: first meaningful render in headless Chromium with 1,000 runs stored (two real WDBC sweeps copied
 * in the store, not run): the runs list, the cross-run leaderboard (paged on the server, 50 rows a page), one
 * run's leaderboard and a model record. Each page is opened in a cold tab of a signed-in browser; the times are
 * from navigation start (performance.timeOrigin) to the page's `radsweep:page-shown` mark (set by main.ts when
 * the page's content, its first rows, enters the document), checked to have its first row; "all drawn" is when
 * every chart of the page is drawn too. Issue 13's target: the runs list and a leaderboard under 1 s.
 *
 *   node -r @swc-node/register benchmarks/dashboard.bench.ts [--runs 1000] [--repeats 5] [--calls]
 *
 * (--calls prints each tab's API requests with their start and end.)
 */
import { loadavg } from 'node:os';
import { launchChromium, pageErrors, waitFor } from '../tests/dashboard/support/chromium';
import { api } from '../tests/server/support/api';
import { storedStudy } from '../tests/dashboard/support/study';
import { copyRun } from './support/copy-run';
import { medianMinMax } from './support/median';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

/** The mark main.ts sets when a page's content replaces the view. */
const PAGE_SHOWN = 'radsweep:page-shown';
/** Every chart of the page drawn (chart.js draws on creation: animations are off). */
const ALL_DRAWN = `document.querySelector('main h1') && !document.getElementById('login') && !document.getElementById('view').hasAttribute('aria-busy') && [...document.querySelectorAll('canvas')].every((c) => Chart.getChart(c)) && performance.now()`;

async function main(): Promise<void> {
  const runs = arg('runs', 1000);
  const repeats = arg('repeats', 5);
  const t0 = performance.now();
  const study = await storedStudy();
  console.error(`two WDBC sweeps stored in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const q = (sql: string, params?: unknown[]) => study.database.dataSource.query(sql, params);
  const [{ n }] = await q('SELECT count(*)::int AS n FROM runs');
  const t1 = performance.now();
  await copyRun(q, study.runA, runs - n);
  const [{ r, m }] = await q('SELECT (SELECT count(*)::int FROM runs) AS r, (SELECT count(*)::int FROM model_results) AS m');
  console.log(`stored: ${r} runs, ${m} model results (copied in ${((performance.now() - t1) / 1000).toFixed(1)} s)`);

  const base = study.server.url;
  const top = (await api(base, 'GET', `/runs/${study.runA}/leaderboard?limit=1`)).body.items[0];
  const browser = await launchChromium();
  try {
    // one signed-in browser context (the admin's one-time login link sets the session cookie) for every tab
    const me = (await api(base, 'GET', '/auth/me')).body;
    const link = (await api(base, 'POST', `/users/${me.id}/login-link`)).body.loginLink;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const signIn = await context.newPage();
    await signIn.goto(`${base}${link}`);
    await signIn.close();
    /** Each page with the selector of its first meaningful row. */
    const pages: [string, string, string][] = [
      ['runs list (first page of 50)', '#/runs', '#runs tbody tr'],
      ['leaderboard across runs (page 1 of 50 rows, by CV AUC)', '#/leaderboard', '#leaderboard tbody tr[data-id]'],
      ['leaderboard across runs, sorted by Brier, page 40', '#/leaderboard?sort=brier&offset=1950', '#leaderboard tbody tr[data-id]'],
      ['leaderboard of one run', `#/leaderboard?runId=${study.runA}`, '#leaderboard tbody tr[data-id]'],
      ['model record (4 charts, 143 predictions)', `#/model/${top.id}`, 'canvas'],
    ];
    console.log(`load average ${loadavg()[0].toFixed(1)} on 2 cores at the start`);
    for (const [name, hash, firstRow] of pages) {
      const shown: number[] = [];
      const drawn: number[] = [];
      const assets: number[] = [];
      const apis: number[] = [];
      /** CPU time of this process (the server and its embedded store, and the polling) while the tab loaded: what the load does not inflate. */
      const serverCpu: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const page = await context.newPage();
        const errors = pageErrors(page);
        const cpu = process.cpuUsage();
        await page.goto(`${base}/${hash}`);
        drawn.push(await waitFor<number>(page, ALL_DRAWN, 60_000));
        const used = process.cpuUsage(cpu);
        serverCpu.push((used.user + used.system) / 1000);
        // where the time went: the last script or style loaded, and the last API answer, before the mark
        const mark = await page.evaluate<{ at: number; rows: number; assets: number; api: number; calls: string[] } | null>(`(() => {
          const m = performance.getEntriesByName(${JSON.stringify(PAGE_SHOWN)}).at(-1);
          if (!m) return null;
          const before = performance.getEntriesByType('resource').filter((r) => r.responseEnd <= m.startTime);
          const end = (rs) => Math.max(0, ...rs.map((r) => r.responseEnd));
          const api = before.filter((r) => new URL(r.name).pathname.startsWith('/api/'));
          return { at: m.startTime, rows: document.querySelectorAll(${JSON.stringify(firstRow)}).length, assets: end(before.filter((r) => !api.includes(r))), api: end(api),
            calls: api.map((r) => new URL(r.name).pathname + ' ' + Math.round(r.startTime) + '-' + Math.round(r.responseEnd)) };
        })()`);
        if (!mark || mark.rows === 0) throw new Error(`${name}: no ${PAGE_SHOWN} mark or no ${firstRow} on the page`);
        shown.push(mark.at);
        assets.push(mark.assets);
        apis.push(mark.api);
        if (process.argv.includes('--calls')) console.log(`  ${mark.calls.join(', ')}`);
        if (errors.length) throw new Error(`${name}: ${errors.join('; ')}`);
        await page.close();
      }
      console.log(`${name.padEnd(58)} first rows shown: ${medianMinMax(shown)}; all drawn: ${medianMinMax(drawn)} (${repeats} cold tabs)`);
      console.log(`${''.padEnd(58)} (scripts and styles loaded by: ${medianMinMax(assets)}; last API answer by: ${medianMinMax(apis)}; server CPU: ${medianMinMax(serverCpu)})`);
    }
    console.log(`load average ${loadavg()[0].toFixed(1)} at the end`);
  } finally {
    await browser.close();
    await study.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
