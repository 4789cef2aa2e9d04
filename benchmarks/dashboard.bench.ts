/**
 * Dashboard: time to first render (navigation start -> table and charts drawn,
 * measured by the page's own performance.now()) in headless Chromium, for
 * the cross-run leaderboard with 1,000 runs stored (paged on the server, 50
 * rows a page), one run's leaderboard, and a model record.
 *
 *   node -r @swc-node/register benchmarks/dashboard.bench.ts [--runs 1000] [--repeats 7]
 */
import { launchChromium, pageErrors, waitFor } from '../tests/dashboard/support/chromium';
import { api } from '../tests/server/support/api';
import { storedStudy } from '../tests/dashboard/support/study';
import { copyRun } from './support/copy-run';
import { medianMinMax } from './support/median';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

const READY = `document.querySelector('main h1') && !document.getElementById('login') && !document.getElementById('view').hasAttribute('aria-busy') && [...document.querySelectorAll('canvas')].every((c) => Chart.getChart(c)) && performance.now()`;

async function main(): Promise<void> {
  const runs = arg('runs', 1000);
  const repeats = arg('repeats', 7);
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
    const pages: [string, string][] = [
      ['leaderboard across runs (page 1 of 50 rows, by CV AUC)', '#/leaderboard'],
      ['leaderboard across runs, sorted by Brier, page 40', '#/leaderboard?sort=brier&offset=1950'],
      ['leaderboard of one run', `#/leaderboard?runId=${study.runA}`],
      ['model record (4 charts, 143 predictions)', `#/model/${top.id}`],
    ];
    for (const [name, hash] of pages) {
      const times: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const page = await context.newPage();
        const errors = pageErrors(page);
        await page.goto(`${base}/${hash}`);
        times.push(await waitFor<number>(page, READY, 60_000));
        if (errors.length) throw new Error(`${name}: ${errors.join('; ')}`);
        await page.close();
      }
      console.log(`${name.padEnd(58)} first render: ${medianMinMax(times)} (${repeats} cold tabs)`);
    }
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
